package cess.network.model;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Broker passwords and their one-way hashes, in the form Artemis reads in a users file
 * ({@code artemis-users.properties}, {@code user = ENC(iterations:salt:hash)}, PBKDF2 with
 * HMAC-SHA1, hex): the node that embeds the broker, and an external Artemis broker alike, check a
 * password against the hash and never hold the password itself.
 *
 * <p>Pure: the salt and the password's random bytes are inputs. Thread-safe (no state).
 */
public final class BrokerPassword {
    /** PBKDF2 rounds of a new hash (Artemis reads the count from the hash). */
    static final int ITERATIONS = 10_000;
    static final int KEY_BITS = 512;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA1";

    private BrokerPassword() {
    }

    /** A password made of {@code random} (at least 16 bytes): hex, so that it survives any shell and URL. */
    public static String fromRandom(byte[] random) {
        if (random.length < 16) {
            throw new IllegalArgumentException("a broker password needs at least 16 random bytes");
        }
        return HexFormat.of().formatHex(random);
    }

    /** The users-file form of {@code password}'s hash with {@code salt}: {@code ENC(iterations:salt:hash)}. */
    public static String hash(String password, byte[] salt) {
        return "ENC(" + ITERATIONS + ":" + HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(derive(password, salt, ITERATIONS, KEY_BITS))
                + ")";
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bits) {
        try {
            return SecretKeyFactory.getInstance(ALGORITHM)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bits)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }
}
