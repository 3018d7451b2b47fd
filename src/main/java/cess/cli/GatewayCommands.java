package cess.cli;

import cess.audit.model.AuditCall;
import cess.ledger.model.Call;
import cess.ledger.wire.KeyFile;
import cess.oss.model.OssCall;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway registry: {@code gateways [ACCOUNT] [--state S]} lists registered gateways
 * ({@code GET /api/gateways}, every page) or shows one ({@code GET /api/gateways/{account}});
 * {@code gateway register|update|deregister} signs and sends the registry's calls. The node's
 * answers arrive cleaned for the terminal ({@link TerminalText}); the formatting is pure, for tests.
 */
final class GatewayCommands {
    /** Gateways asked for per page while listing. */
    static final int PAGE = 1_000;

    private final NodeClient client;
    private final PrintStream out;

    GatewayCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** {@code gateways [ACCOUNT] [--state active|deregistered|all]}. */
    void list(Args a) {
        if (a.positionalCount() > 1) {
            throw new Args.UsageException("gateways takes at most one ACCOUNT");
        }
        if (a.positionalCount() == 1) {
            detail(client.get("/api/gateways/" + Cli.account(a.positional(0, "ACCOUNT")).ss58())).forEach(out::println);
            return;
        }
        String state = a.optional("state").orElse("active");
        List<JsonObject> pages = new ArrayList<>();
        String after = null;
        do {
            JsonObject page = client.get("/api/gateways?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                    + "&limit=" + PAGE + (after == null ? "" : "&after=" + after));
            pages.add(page);
            after = page.containsKey("nextAfter") ? page.getString("nextAfter") : null;
        } while (after != null);
        table(pages, state).forEach(out::println);
    }

    /**
     * {@code gateway register --endpoint URL --key KEY | update --endpoint URL --key KEY | deregister --key KEY
     * | report FID SEGMENT FRAGMENT --miner ACCOUNT [--chunks C,…] --key KEY}.
     */
    void run(Args a) {
        String action = a.positional(0, "register|update|deregister|report");
        Call call = switch (action) {
            case "register" -> new OssCall.RegisterGateway(a.required("endpoint"));
            case "update" -> new OssCall.UpdateGateway(a.required("endpoint"));
            case "deregister" -> new OssCall.DeregisterGateway();
            case "report" -> report(a);
            default -> throw new Args.UsageException("gateway takes register, update, deregister or report, not '" + action
                    + "'");
        };
        KeyPair key = KeyFile.resolve(a.required("key"));
        String hash = client.submit(key, call);
        out.println("submitted " + hash + " (" + call.type() + " for " + key.address() + "); follow it with: tx " + hash);
    }

    /** {@code report FID SEGMENT FRAGMENT --miner ACCOUNT [--chunks C,…]}: a corrupt read, which the chain checks. */
    static AuditCall.ReportCorrupt report(Args a) {
        List<Long> chunks = new ArrayList<>();
        for (String c : a.optional("chunks").map(v -> v.split(",")).orElse(new String[0])) {
            chunks.add(number(c.trim(), "--chunks"));
        }
        long segment = number(a.positional(2, "SEGMENT"), "SEGMENT");
        long fragment = number(a.positional(3, "FRAGMENT"), "FRAGMENT");
        if (segment > Integer.MAX_VALUE || fragment > 254) {
            throw new Args.UsageException("SEGMENT or FRAGMENT out of range");
        }
        try {
            return new AuditCall.ReportCorrupt(Cli.account(a.required("miner")), Hash.parse(a.positional(1, "FID")),
                    (int) segment, (int) fragment, chunks);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("gateway report: " + e.getMessage());
        }
    }

    private static long number(String text, String what) {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Args.UsageException(what + " must be a whole number, not '" + text + "'");
    }

    /** One line per gateway of every page: account, state, endpoint, registered and updated heights. */
    static List<String> table(List<JsonObject> pages, String state) {
        List<String> lines = new ArrayList<>();
        for (JsonObject page : pages) {
            for (JsonValue v : page.getJsonArray("gateways")) {
                JsonObject g = v.asJsonObject();
                lines.add(String.format("%-49s %-12s %s  registered at %d, updated at %d", g.getString("account"),
                        g.getString("state"), g.getString("endpoint"), num(g, "registeredHeight"), num(g, "updatedHeight")));
            }
        }
        if (lines.isEmpty()) {
            lines.add("no " + (state.equals("all") ? "" : state + " ") + "gateways (block "
                    + num(pages.get(0), "height") + ")");
        }
        return lines;
    }

    /** One gateway in full. */
    static List<String> detail(JsonObject g) {
        return List.of("gateway     " + g.getString("account"),
                "endpoint    " + g.getString("endpoint"),
                "state       " + g.getString("state"),
                "registered  at block " + num(g, "registeredHeight"),
                "updated     at block " + num(g, "updatedHeight") + " (read at block " + num(g, "height") + ")");
    }

    private static long num(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }
}
