package cess.cli;

import cess.consensus.model.R2s;
import cess.ledger.model.Call;
import cess.ledger.wire.KeyFile;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.staking.model.StakingCall;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * {@code validator ls | bond | unbond}: validator candidacy. A first bond publishes the outer
 * layer of a RANDAO hash onion whose secret this command keeps in an onion file next to the key
 * (like the key, never sent anywhere): {@code {"secret":"0x…","depth":N}}.
 */
final class ValidatorCommands {
    /** Layers of a new onion: one reveal per epoch, 100,000 epochs. */
    static final int DEPTH = 100_000;

    private final NodeClient client;
    private final PrintStream out;

    ValidatorCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(Args a) throws IOException {
        String action = a.positional(0, "ls|bond|unbond");
        switch (action) {
            case "ls" -> list();
            case "bond" -> {
                String keySpec = a.required("key");
                KeyPair key = KeyFile.resolve(keySpec);
                Path onionFile = Path.of(a.optional("onion").orElse(defaultOnion(keySpec, key)));
                Hash onion = outerLayer(onionFile);
                send(key, new StakingCall.Bond(Amount.parseCess(a.required("amount")), onion));
                out.println("onion secret kept in " + onionFile + " (published layer " + onion + ")");
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
        out.println("next epoch " + v.getJsonObject("nextEpoch").getString("rotation", ""));
        for (JsonValue x : v.getJsonArray("candidates")) {
            JsonObject c = x.asJsonObject();
            out.println("candidate  " + c.getString("account") + "  stake " + c.getString("stake") + "  credit "
                    + c.getInt("credit") + (c.getBoolean("leaving") ? "  (leaving)" : ""));
        }
    }

    /** {@code KEYFILE.onion} for a key file, {@code ADDRESS.onion} in the working directory for a dev key. */
    private static String defaultOnion(String keySpec, KeyPair key) {
        return keySpec.startsWith("//") ? key.address().ss58() + ".onion" : keySpec + ".onion";
    }

    /** The onion's outer layer, from its file; a missing file gets a fresh secret first (readable by its owner only). */
    static Hash outerLayer(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String json = Json.createObjectBuilder().add("secret", Hash.of(secret).hex()).add("depth", DEPTH).build()
                    .toString();
            try {
                Files.writeString(file, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // on file systems without POSIX permissions the file keeps its defaults
                }
            } catch (FileAlreadyExistsException raced) {
                // written meanwhile: read it below
            }
        }
        JsonObject o;
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not an onion file: " + e.getMessage());
        }
        return R2s.onionLayer(Hash.parse(o.getString("secret")), o.getInt("depth"));
    }

    private void send(KeyPair key, Call call) {
        String hash = client.submit(key, call);
        out.println("submitted " + hash + " (" + call.type() + "); follow it with: tx " + hash);
    }
}
