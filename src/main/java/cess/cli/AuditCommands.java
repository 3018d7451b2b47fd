package cess.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code miner audit [ACCOUNT]}: storage proofs as the chain judged them. Without an account one
 * line per miner ({@code GET /api/audit/miners}); with one, the miner's record, its challenges
 * with their deadlines, the faults kept for repair and what it waits for
 * ({@code GET /api/audit/miners/{address}}), its idle space (certified, committed and refused filler
 * units, power, idle challenges and history). The node's answers arrive cleaned for the terminal
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
        lines.add(String.format("%-49s %-9s %6s %6s %6s %14s %10s  %s", "MINER", "STATE", "PASSED", "MISSED", "FAILED",
                "PUNISHED CESS", "IDLE UNITS", "STATUS"));
        for (JsonValue v : all.getJsonArray("miners")) {
            JsonObject m = v.asJsonObject();
            lines.add(String.format("%-49s %-9s %6d %6d %6d %14s %10s  %s", m.getString("account"), m.getString("state", "-"),
                    num(m, "passed"), num(m, "missed"), num(m, "failedService") + num(m, "failedIdle"),
                    m.getString("punishedCess"), idleUnits(m), m.getString("status")));
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
        if (m.containsKey("idle")) {
            idle(m, lines);
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

    /** Certified units (the counted ones first when service data displaced some), "-" for a view without idle space. */
    static String idleUnits(JsonObject m) {
        if (!m.containsKey("idle")) {
            return "-";
        }
        JsonObject i = m.getJsonObject("idle");
        long certified = num(i, "certifiedUnits");
        long counted = num(i, "countedUnits");
        String s = counted == certified ? Long.toString(certified) : counted + "/" + certified;
        return num(i, "committedUnits") > 0 ? s + "+" + num(i, "committedUnits") : s;
    }

    /** A miner's idle space: counts, power, status, open idle challenges and its history. */
    private static void idle(JsonObject m, List<String> lines) {
        JsonObject i = m.getJsonObject("idle");
        lines.add("idle        " + num(i, "certifiedUnits") + " units certified (" + num(i, "countedUnits") + " counted, "
                + num(i, "certifiedIdleBytes") + " bytes), " + num(i, "committedUnits") + " waiting for certification, "
                + num(i, "refusedUnits") + " refused in all; units of " + num(i, "unitBytes") + " bytes");
        lines.add("power       " + num(i, "powerBytes") + " bytes (" + num(i, "serviceBytes") + " service + "
                + num(i, "certifiedIdleBytes") + " idle); " + num(i, "uncountedBytes") + " of " + num(i, "declaredBytes")
                + " declared bytes count nothing until certified");
        lines.add("idle status " + i.getString("status"));
        for (JsonValue v : m.getJsonArray("idleChallenges")) {
            JsonObject c = v.asJsonObject();
            lines.add(String.format("  #%-6d %s units %d..%d, issued at %d, deadline %d  %s", num(c, "id"),
                    c.getBoolean("certifies") ? "certifies" : "audits   ", num(c, "firstUnit"),
                    num(c, "firstUnit") + num(c, "units") - 1, num(c, "issuedHeight"), num(c, "deadlineHeight"),
                    c.getBoolean("answered") ? "answered" : "open, " + num(c, "blocksLeft") + " blocks left"));
        }
        JsonArray history = m.getJsonArray("idleHistory");
        lines.add("idle log    " + (history.isEmpty() ? "nothing yet" : "(oldest first)"));
        for (JsonValue v : history) {
            JsonObject e = v.asJsonObject();
            lines.add("  block " + num(e, "height") + " " + e.getString("kind") + ": " + e.getString("reason"));
        }
    }

    private static long num(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }
}
