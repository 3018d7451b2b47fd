package cess.ledger.model;

import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;

/**
 * A transaction with its sender's Ed25519 signature. Its hash, the transaction's identity, is
 * SHA-256 over the canonical encoding of body and signature. Immutable; the encoding and the
 * hash are computed once (a node looks a transaction up by its hash a dozen times between
 * admission and its block). Equal when body and signature are.
 */
public final class SignedTransaction {
    /** The largest encoded transaction a node accepts. */
    public static final int MAX_ENCODED_BYTES = 1024 * 1024;

    private final Transaction tx;
    private final Signature signature;
    private final byte[] encoded;
    private final Hash hash;

    public SignedTransaction(Transaction tx, Signature signature) {
        if (tx == null || signature == null) {
            throw new IllegalArgumentException("signed transaction needs a body and a signature");
        }
        this.tx = tx;
        this.signature = signature;
        this.encoded = new Encoder().raw(tx.encode()).signature(signature).toBytes();
        this.hash = Hash.sha256(encoded);
    }

    public Transaction tx() {
        return tx;
    }

    public Signature signature() {
        return signature;
    }

    public byte[] encode() {
        return encoded.clone();
    }

    /** @throws IllegalArgumentException if the bytes are not a transaction {@code schema} can read */
    public static SignedTransaction decode(byte[] bytes, Schema schema) {
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("encoded transaction exceeds " + MAX_ENCODED_BYTES + " bytes");
        }
        Decoder d = new Decoder(bytes);
        Transaction tx = new Transaction(d.address(), d.u64(), d.amount(), schema.decodeCall(d));
        Signature sig = d.signature();
        d.end();
        return new SignedTransaction(tx, sig);
    }

    /** A list of transactions on the wire: a count, then each one length-prefixed. */
    public static void encodeAll(Encoder e, java.util.List<SignedTransaction> txs) {
        encodeAllEncoded(e, txs.stream().map(SignedTransaction::encode).toList());
    }

    /** Like {@link #encodeAll}, from transactions already encoded (a sender sizes its batch by them). */
    public static void encodeAllEncoded(Encoder e, java.util.List<byte[]> encoded) {
        e.u32(encoded.size());
        encoded.forEach(e::bytes);
    }

    /** @throws IllegalArgumentException if more than {@code max} transactions or any is malformed */
    public static java.util.List<SignedTransaction> decodeAll(Decoder d, int max, Schema schema) {
        long n = d.u32();
        if (n > max) {
            throw new IllegalArgumentException(n + " transactions where at most " + max + " are allowed");
        }
        java.util.List<SignedTransaction> out = new java.util.ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            out.add(decode(d.bytes(MAX_ENCODED_BYTES), schema));
        }
        return out;
    }

    public Hash hash() {
        return hash;
    }

    /** Whether the signature is the sender's over this transaction on the chain {@code genesis}. */
    public boolean verify(Hash genesis) {
        return KeyPair.verify(tx.sender(), tx.signingPayload(genesis), signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTransaction t && hash.equals(t.hash) && tx.equals(t.tx) && signature.equals(t.signature);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "SignedTransaction[" + hash + ", " + tx + "]";
    }
}
