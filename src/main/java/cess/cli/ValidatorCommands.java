package cess.cli;

import cess.consensus.model.Onion;
import cess.ledger.model.Call;
import cess.ledger.wire.KeyFile;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;

/**
 * {@code validator ls | bond | unbond}: validator candidacy. A first bond publishes the outer
 * layer of the RANDAO hash onion derived from the key ({@link R2s#onionCommitment}): the node that
 * runs with the key peels it one layer per epoch, with no other secret to keep.
 */
final class ValidatorCommands {
    private final NodeClient client;
    private final PrintStream out;

    ValidatorCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(Args a) {
        String action = a.positional(0, "ls|bond|unbond");
        switch (action) {
            case "ls" -> list();
            case "bond" -> {
                KeyPair key = KeyFile.resolve(a.required("key"));
                Hash onion = Onion.onionCommitment(key.seed());
                send(key, new StakingCall.Bond(Amount.parseCess(a.required("amount")), onion));
                out.println("published onion layer " + onion + "; run the validator node with this key to reveal it");
            }
            case "unbond" -> send(KeyFile.resolve(a.required("key")), new StakingCall.Unbond());
            default -> throw new Args.UsageException("validator takes ls, bond or unbond, not '" + action + "'");
        }
    }

    private void list() {
        JsonObject v = client.get("/api/validators?pending=true");
        out.println("epoch " + v.getJsonNumber("epoch").longValue() + " (" + v.getJsonNumber("epochBlocks").longValue()
                + " blocks), up to " + v.getInt("maxOnDuty") + " on duty, minimum bond " + v.getString("minBond") + " units");
        for (JsonValue x : v.getJsonArray("onDuty")) {
            out.println("on duty    " + x.asJsonObject().getString("account") + "  stake " + x.asJsonObject().getString("stake"));
        }
        JsonObject next = v.getJsonObject("nextEpoch");
        for (JsonValue x : next.getJsonArray("onDuty")) {
            out.println("next epoch " + x.asJsonObject().getString("account") + "  stake " + x.asJsonObject().getString("stake"));
        }
        for (JsonValue x : v.getJsonArray("candidates")) {
            JsonObject c = x.asJsonObject();
            out.println("candidate  " + c.getString("account") + "  stake " + c.getString("stake") + "  credit "
                    + c.getInt("credit") + (c.getBoolean("leaving") ? "  (leaving)" : ""));
        }
    }

    private void send(KeyPair key, Call call) {
        String hash = client.submit(key, call);
        out.println("submitted " + hash + " (" + call.type() + "); follow it with: tx " + hash);
    }
}
