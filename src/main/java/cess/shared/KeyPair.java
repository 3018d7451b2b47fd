package cess.shared;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * An Ed25519 key pair (RFC 8032) on the JDK's own implementation, derived deterministically from
 * a 32-byte seed. Immutable and thread-safe; {@link #toString()} never shows the seed.
 */
public final class KeyPair {
    private static final String DEV_KEY_DOMAIN = "cess-dev-key:";
    private final byte[] seed;
    private final PrivateKey privateKey;
    private final Address address;

    private KeyPair(byte[] seed, PrivateKey privateKey, Address address) {
        this.seed = seed;
        this.privateKey = privateKey;
        this.address = address;
    }

    /** The key pair of a 32-byte Ed25519 seed (the RFC 8032 "private key"). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            // The JDK generator draws the seed from the random source: feed it ours to derive the
            // public key of a given seed (the JDK offers no direct seed-to-public-key call).
            gen.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            java.security.KeyPair jdk = gen.generateKeyPair();
            byte[] pub = encodePoint(((EdECPublicKey) jdk.getPublic()).getPoint());
            return new KeyPair(seed.clone(), jdk.getPrivate(), Address.of(pub));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JDK", e);
        }
    }

    /**
     * A well-known development key, e.g. {@code //Alice}: seed = SHA-256("cess-dev-key:" + name).
     * For devnets and tests only; anyone can derive these keys.
     */
    public static KeyPair dev(String name) {
        String n = name.startsWith("//") ? name : "//" + name;
        return fromSeed(Hash.sha256((DEV_KEY_DOMAIN + n).getBytes(StandardCharsets.UTF_8)).bytes());
    }

    public Address address() {
        return address;
    }

    public byte[] seed() {
        return seed.clone();
    }

    public Signature sign(byte[] message) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return Signature.of(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Verifies an Ed25519 signature by the given public key. Returns false (never throws) for a
     * key that is not a valid curve point or a signature that does not verify.
     */
    public static boolean verify(Address signer, byte[] message, Signature signature) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initVerify(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decodePoint(signer.bytes()))));
            s.update(message);
            return s.verify(signature.bytes());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 8032 point encoding: y little-endian, the sign of x in the top bit of the last byte. */
    static byte[] encodePoint(EdECPoint point) {
        byte[] be = point.getY().toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 32; i++) {
            le[i] = be[be.length - 1 - i];
        }
        if (point.isXOdd()) {
            le[31] |= (byte) 0x80;
        }
        return le;
    }

    static EdECPoint decodePoint(byte[] le) {
        byte[] copy = le.clone();
        boolean xOdd = (copy[31] & 0x80) != 0;
        copy[31] &= 0x7F;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = copy[31 - i];
        }
        return new EdECPoint(xOdd, new BigInteger(1, be));
    }

    @Override
    public String toString() {
        return "KeyPair[" + address + "]";
    }

    /** A "random" source that yields exactly the given seed; used only to derive a key pair. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
