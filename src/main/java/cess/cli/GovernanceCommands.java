package cess.cli;

import cess.governance.model.Action;
import cess.governance.model.GovernanceCall;
import cess.governance.model.Vote;
import cess.ledger.model.Call;
import cess.ledger.wire.KeyFile;
import cess.shared.Amount;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code propose}, {@code vote}, {@code cancel}, {@code proposals} and {@code treasury}: the DAO
 * from the command line. Amounts are in CESS; the node prints them in units (10^-18 CESS).
 */
final class GovernanceCommands {
    private final NodeClient client;
    private final PrintStream out;

    GovernanceCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** {@code propose --key KEY (--fund CESS --to ACCOUNT | --param NAME --value V) --description TEXT [--link URL]} */
    void propose(Args a) {
        KeyPair key = KeyFile.resolve(a.required("key"));
        Action action;
        if (a.optional("fund").isPresent()) {
            if (a.optional("param").isPresent()) {
                throw new Args.UsageException("a proposal either funds (--fund, --to) or changes a parameter (--param, --value)");
            }
            action = new Action.Funding(Cli.account(a.required("to")), Amount.parseCess(a.required("fund")));
        } else if (a.optional("param").isPresent()) {
            action = new Action.ParamChange(a.required("param"), a.required("value"));
        } else {
            throw new Args.UsageException("propose needs --fund CESS --to ACCOUNT, or --param NAME --value V");
        }
        send(key, new GovernanceCall.Propose(action, a.required("description"), a.optional("link").orElse("")));
        out.println("the proposal's number is in: proposals --state voting");
    }

    /** {@code vote ID aye|nay|abstain --amount CESS --key KEY} */
    void vote(Args a) {
        long id = number(a.positional(0, "ID"));
        String choice = a.positional(1, "aye|nay|abstain").toUpperCase(Locale.ROOT);
        Vote.Choice c;
        try {
            c = Vote.Choice.valueOf(choice);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("a vote is aye, nay or abstain, not '" + a.positional(1, "CHOICE") + "'");
        }
        send(KeyFile.resolve(a.required("key")), new GovernanceCall.Cast(id, c, Amount.parseCess(a.required("amount"))));
    }

    /** {@code cancel ID --key KEY} */
    void cancel(Args a) {
        send(KeyFile.resolve(a.required("key")), new GovernanceCall.Cancel(number(a.positional(0, "ID"))));
    }

    /** {@code proposals [ID] [--state S]}: the list, or one proposal with its votes. */
    void proposals(Args a) {
        String id = a.positionalCount() > 0 ? a.positional(0, "ID") : null;
        if (id != null) {
            JsonObject p = client.get("/api/governance/proposals/" + number(id));
            print(p);
            for (JsonValue v : p.getJsonArray("votes")) {
                JsonObject o = v.asJsonObject();
                out.println("    " + o.getString("choice") + "  " + cess(o.getString("locked")) + " CESS  " + o.getString("voter"));
            }
            return;
        }
        String state = a.optional("state").map(s -> "?state=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
        JsonObject list = client.get("/api/governance/proposals" + state);
        if (list.getJsonArray("proposals").isEmpty()) {
            out.println("no proposals" + (state.isEmpty() ? "" : " in that state"));
        }
        for (JsonValue v : list.getJsonArray("proposals")) {
            print(v.asJsonObject());
        }
    }

    /** {@code treasury}: balance, what passed proposals owe, the latest movements. */
    void treasury() {
        JsonObject t = client.get("/api/treasury?limit=20");
        out.println("treasury " + t.getString("address") + "  balance " + cess(t.getString("balance")) + " CESS  ("
                + t.getInt("feeSharePercent") + " % of fees; passed proposals owe " + cess(t.getString("owedToPassedProposals"))
                + " CESS)");
        for (JsonValue v : t.getJsonArray("movements")) {
            JsonObject m = v.asJsonObject();
            boolean out_ = m.getString("kind").equals("payout");
            out.println("  block " + m.getJsonNumber("height") + "  " + (out_ ? "-" : "+") + cess(m.getString("amount")) + "  "
                    + m.getString("kind") + (m.containsKey("proposal") ? " (proposal " + m.getJsonNumber("proposal") + ")" : "")
                    + "  balance " + cess(m.getString("balanceAfter")));
        }
    }

    private void print(JsonObject p) {
        JsonObject action = p.getJsonObject("action");
        String what = action.getString("type").equals("funding")
                ? "pay " + cess(action.getString("amount")) + " CESS to " + action.getString("beneficiary")
                : "set " + action.getString("name") + " to " + action.getString("value");
        JsonObject t = p.getJsonObject("tally");
        out.println("#" + p.getJsonNumber("id") + "  " + p.getString("status") + "  " + what);
        out.println("    " + p.getString("description") + (p.getString("link").isEmpty() ? "" : "  " + p.getString("link")));
        out.println("    ayes " + cess(t.getString("ayes")) + "  nays " + cess(t.getString("nays")) + "  abstain "
                + cess(t.getString("abstain")) + "  turnout " + cess(t.getString("turnout")) + " of quorum "
                + cess(t.getString("quorum")) + "  (" + p.getInt("voters") + " voters)"
                + (p.containsKey("timeLeftMillis") ? "  " + p.getJsonNumber("timeLeftMillis").longValue() / 1000 + " s left" : "")
                + (p.getString("note").isEmpty() ? "" : "\n    " + p.getString("note")));
    }

    private static String cess(String units) {
        return Amount.parseUnits(units).toCess();
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Args.UsageException("a proposal is named by its number, not '" + text + "'");
        }
    }

    private void send(KeyPair key, Call call) {
        String hash = client.submit(key, call);
        out.println("submitted " + hash + " (" + call.type() + "); follow it with: tx " + hash);
    }
}
