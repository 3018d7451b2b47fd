package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;

/**
 * The unsigned body of a transaction: who sends it, its sequence number, the fee offered and the
 * call. The sender signs {@link #signingPayload(Hash)}, which binds the transaction to one chain
 * (by its genesis hash), so that it cannot be replayed on another network.
 */
public record Transaction(Address sender, long nonce, Amount fee, Call call) {
    static final byte[] DOMAIN = "CESS/tx/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public Transaction {
        if (sender == null || fee == null || call == null) {
            throw new IllegalArgumentException("transaction needs a sender, a fee and a call");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative: " + nonce);
        }
    }

    /** The canonical encoding of the body. */
    public byte[] encode() {
        Encoder e = new Encoder().address(sender).u64(nonce).amount(fee);
        Call.encode(e, call);
        return e.toBytes();
    }

    public byte[] signingPayload(Hash genesis) {
        return new Encoder().raw(DOMAIN).hash(genesis).raw(encode()).toBytes();
    }

    /** @throws IllegalArgumentException if the key is not the sender's */
    public SignedTransaction sign(KeyPair key, Hash genesis) {
        if (!key.address().equals(sender)) {
            throw new IllegalArgumentException("key " + key.address() + " cannot sign for sender " + sender);
        }
        return new SignedTransaction(this, key.sign(signingPayload(genesis)));
    }
}
