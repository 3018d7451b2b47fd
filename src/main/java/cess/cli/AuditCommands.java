package cess.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code miner audit [ACCOUNT]}: storage proofs as the chain judged them. Without an account one
 * line per miner ({@code GET /api/audit/miners}); with one, the miner's record, its challenges
 * with their deadlines, the faults kept for repair and what it waits for
 * ({@code GET /api/audit/miners/{address}}). The node's answers arrive cleaned for the terminal
 * ({@link TerminalText}); the formatting is pure, for tests.
 */
final class AuditCommands {
    private final NodeClient client;
    private final PrintStream out;

    AuditCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** {@code miner audit [ACCOUNT]}: the words after {@code miner}. */
    void run(Args a) {
        if (a.positionalCount() > 2) {
            throw new Args.UsageException("miner audit takes at most one ACCOUNT");
        }
        List<String> lines = a.positionalCount() == 1 ? table(client.get("/api/audit/miners"))
                : detail(client.get("/api/audit/miners/" + Cli.account(a.positional(1, "ACCOUNT")).ss58()));
        lines.forEach(out::println);
    }

    /** Every miner's line: account, state, passed, missed, failed, punished, status. */
    static List<String> table(JsonObject all) {
        List<String> lines = new ArrayList<>();
        lines.add("height " + num(all, "height") + "; challenge periods of " + num(all, "periodBlocks")
                + " blocks, the next starts at block " + num(all, "nextPeriodAt"));
        if (all.getJsonArray("miners").isEmpty()) {
            lines.add("no miners registered or audited yet");
            return lines;
        }
        lines.add(String.format("%-49s %-9s %6s %6s %6s %14s  %s", "MINER", "STATE", "PASSED", "MISSED", "FAILED",
                "PUNISHED CESS", "STATUS"));
        for (JsonValue v : all.getJsonArray("miners")) {
            JsonObject m = v.asJsonObject();
            lines.add(String.format("%-49s %-9s %6d %6d %6d %14s  %s", m.getString("account"), m.getString("state", "-"),
                    num(m, "passed"), num(m, "missed"), num(m, "failedService") + num(m, "failedIdle"),
                    m.getString("punishedCess"), m.getString("status")));
        }
        return lines;
    }

    /** One miner in full. */
    static List<String> detail(JsonObject m) {
        List<String> lines = new ArrayList<>();
        lines.add("miner       " + m.getString("account"));
        lines.add("market      " + (m.getBoolean("registered")
                ? m.getString("state") + ", holding " + num(m, "serviceBytes") + " bytes of service data"
                : "not a registered miner"));
        lines.add("proofs      " + num(m, "passed") + " passed, " + num(m, "missed") + " missed (" + num(m, "consecutiveMissed")
                + " in a row), " + num(m, "failedService") + " failed service (" + num(m, "consecutiveFailedService")
                + " in a row), " + num(m, "failedIdle") + " failed idle");
        lines.add("punished    " + m.getString("punishedCess") + " CESS (" + m.getString("punished") + " units)");
        lines.add("next        " + (m.containsKey("nextChallengeAt") ? "challenge at block " + num(m, "nextChallengeAt")
                : "none scheduled (the next period starts at block " + num(m, "nextPeriodAt") + ")"));
        lines.add("status      " + m.getString("status")); // with the last verdict, if any
        lines.add("challenges  at height " + num(m, "height") + (m.getJsonArray("challenges").isEmpty() ? ": none open" : ""));
        for (JsonValue v : m.getJsonArray("challenges")) {
            JsonObject c = v.asJsonObject();
            lines.add(String.format("  #%-6d issued at %-8d deadline %-8d %4d samples  %s", num(c, "id"), num(c, "issuedHeight"),
                    num(c, "deadlineHeight"), num(c, "samples"), c.getBoolean("answered") ? "answered"
                            : num(c, "blocksLeft") == 0 ? "deadline reached" : "open, " + num(c, "blocksLeft") + " blocks left"));
        }
        lines.add("faults      " + (m.getJsonArray("faults").isEmpty() ? "none" : "kept for repair:"));
        for (JsonValue v : m.getJsonArray("faults")) {
            JsonObject f = v.asJsonObject();
            for (JsonValue x : f.getJsonArray("fragments")) {
                JsonObject h = x.asJsonObject();
                lines.add("  challenge " + num(f, "challenge") + " (block " + num(f, "height") + "): file " + h.getString("fid")
                        + " segment " + num(h, "segment") + " fragment " + num(h, "fragment") + ", root " + h.getString("root"));
            }
        }
        return lines;
    }

    private static long num(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }
}
