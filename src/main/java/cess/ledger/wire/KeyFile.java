package cess.ledger.wire;

import cess.shared.Hex;
import cess.shared.KeyPair;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Account keys as the node and the CLI name them: a documented dev key ({@code //Alice}) or the
 * path of a key file {@code {"type":"ed25519","seed":"0x…","address":"cX…"}}, written readable by
 * its owner only.
 */
public final class KeyFile {
    private KeyFile() {
    }

    /** Resolves {@code //Name} to a dev key and anything else to a key file. */
    public static KeyPair resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no key given");
        }
        return spec.startsWith("//") ? KeyPair.dev(spec) : read(Path.of(spec));
    }

    public static KeyPair read(Path file) {
        JsonObject o;
        try (InputStream in = Files.newInputStream(file); var r = Jsons.createReader(in)) {
            o = r.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new IllegalArgumentException("key file " + file + " is not JSON: " + e.getMessage());
        }
        if (!"ed25519".equals(o.getString("type", ""))) {
            throw new IllegalArgumentException("key file " + file + " is not an ed25519 key");
        }
        KeyPair key = KeyPair.fromSeed(Hex.decode(Json.string(o, "seed")));
        String address = o.getString("address", null);
        if (address != null && !address.equals(key.address().ss58())) {
            throw new IllegalArgumentException("key file " + file + ": seed does not match the address " + address);
        }
        return key;
    }

    /** Writes a new key file; refuses to overwrite one. */
    public static void write(Path file, KeyPair key) throws IOException {
        String json = Jsons.createObjectBuilder().add("type", "ed25519")
                .add("address", key.address().ss58()).add("seed", Hex.encode(key.seed())).build().toString();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing more we can do
        }
    }
}
