package cess.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An account: a 32-byte Ed25519 public key (or a module id for keyless accounts), written in
 * SS58 with the CESS network prefix 11330, so that every address starts with {@code cX}.
 * Ordered by its bytes, which is the order of the state commitment.
 */
public final class Address implements Comparable<Address> {
    public static final int CESS_PREFIX = 11330;
    public static final int LENGTH = 32;
    private static final byte[] SS58PRE = "SS58PRE".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    /** Cache of {@link #ss58()}; a benign race (every thread computes the same string). */
    private transient String text;

    private Address(byte[] key) {
        this.key = key;
    }

    public static Address of(byte[] publicKey) {
        if (publicKey.length != LENGTH) {
            throw new IllegalArgumentException("an account key has 32 bytes, got " + publicKey.length);
        }
        return known(new Address(publicKey.clone()));
    }

    /**
     * Accounts seen recently, each as one instance: the same account decoded from many
     * transactions then computes its SS58 text (Base58 and a BLAKE2b checksum, which every
     * state key of the account needs) once, not once per transaction. Emptied when full.
     */
    private static final java.util.Map<Address, Address> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KNOWN_KEPT = 100_000;

    private static Address known(Address a) {
        Address k = KNOWN.get(a);
        if (k != null) {
            return k;
        }
        if (KNOWN.size() >= KNOWN_KEPT) {
            KNOWN.clear();
        }
        k = KNOWN.putIfAbsent(a, a);
        return k == null ? a : k;
    }

    /**
     * The account of an on-chain module (the treasury, say): {@code "modl"} followed by the
     * module id, zero-padded to 32 bytes. No private key is known for it, so only the chain's
     * own rules can move its funds.
     */
    public static Address ofModule(String moduleId) {
        byte[] id = ("modl" + moduleId).getBytes(StandardCharsets.US_ASCII);
        if (id.length > LENGTH) {
            throw new IllegalArgumentException("module id too long: " + moduleId);
        }
        return new Address(Arrays.copyOf(id, LENGTH));
    }

    /**
     * Parses an SS58 address of the CESS network.
     *
     * @throws IllegalArgumentException saying what is wrong: not base58, wrong length, another
     *     network's prefix, or a bad checksum
     */
    public static Address parse(String ss58) {
        if (ss58 == null || ss58.isBlank()) {
            throw new IllegalArgumentException("address is missing");
        }
        byte[] raw;
        try {
            raw = Base58.decode(ss58);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed address '" + Hex.abbreviate(ss58) + "': " + e.getMessage());
        }
        int prefixLength = raw.length > 0 && (raw[0] & 0xFF) < 64 ? 1 : 2;
        if (raw.length != prefixLength + LENGTH + 2 || (raw[0] & 0xFF) > 127) {
            throw new IllegalArgumentException("malformed address '" + Hex.abbreviate(ss58)
                    + "': not an SS58 address of a 32-byte key");
        }
        int prefix = prefixLength == 1 ? raw[0] & 0xFF : decodePrefix(raw[0], raw[1]);
        if (prefix != CESS_PREFIX) {
            throw new IllegalArgumentException("address '" + ss58 + "' is for SS58 network " + prefix
                    + ", not CESS (" + CESS_PREFIX + ")");
        }
        byte[] body = Arrays.copyOfRange(raw, 0, 2 + LENGTH);
        byte[] sum = checksum(body);
        if (raw[34] != sum[0] || raw[35] != sum[1]) {
            throw new IllegalArgumentException("address '" + ss58 + "' has a bad checksum");
        }
        return known(new Address(Arrays.copyOfRange(raw, 2, 2 + LENGTH)));
    }

    public byte[] bytes() {
        return key.clone();
    }

    /** The SS58 text, computed once: state keys and JSON name accounts by it on every access. */
    public String ss58() {
        String s = text;
        if (s == null) {
            s = encode();
            text = s;
        }
        return s;
    }

    private String encode() {
        byte[] body = new byte[2 + LENGTH];
        int p = CESS_PREFIX;
        // Two-byte SS58 prefix: the low six bits of the first byte's payload are bits 2..7 of the
        // prefix, the second byte carries bits 8..13 and (in its top two bits) bits 0..1.
        body[0] = (byte) (((p & 0b1111_1100) >> 2) | 0b0100_0000);
        body[1] = (byte) ((p >> 8) | ((p & 0b11) << 6));
        System.arraycopy(key, 0, body, 2, LENGTH);
        byte[] sum = checksum(body);
        byte[] full = Arrays.copyOf(body, body.length + 2);
        full[body.length] = sum[0];
        full[body.length + 1] = sum[1];
        return Base58.encode(full);
    }

    private static int decodePrefix(byte b0, byte b1) {
        int first = b0 & 0xFF;
        int second = b1 & 0xFF;
        int lower = ((first << 2) | (second >> 6)) & 0xFF;
        int upper = second & 0b0011_1111;
        return lower | (upper << 8);
    }

    private static byte[] checksum(byte[] body) {
        byte[] in = new byte[SS58PRE.length + body.length];
        System.arraycopy(SS58PRE, 0, in, 0, SS58PRE.length);
        System.arraycopy(body, 0, in, SS58PRE.length, body.length);
        return Blake2b.digest(in, 64);
    }

    @Override
    public int compareTo(Address o) {
        return Arrays.compareUnsigned(key, o.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && Arrays.equals(key, a.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return ss58();
    }
}
