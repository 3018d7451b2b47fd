package cess.consensus.model;

import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.List;

/** A finalized block: header, body (transactions, the parent's commit, evidence) and its own commit certificate. */
public record Block(BlockHeader header, BlockBody body, Commit commit) {
    public Block {
        if (header == null || body == null || commit == null) {
            throw new IllegalArgumentException("a block needs a header, a body and a commit");
        }
    }

    public List<SignedTransaction> transactions() {
        return body.transactions();
    }

    public Hash hash() {
        return header.hash();
    }

    /** The Merkle root over the transactions' hashes, in block order. */
    public static Hash txRoot(List<SignedTransaction> txs) {
        return Merkle.root(txs.stream().map(SignedTransaction::hash).toList());
    }

    /** The wire form: header (length-prefixed), body, commit (length-prefixed). */
    public byte[] encode() {
        Encoder e = new Encoder().bytes(header.encode());
        body.encode(e);
        return e.bytes(commit.encode()).toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one block */
    public static Block decode(byte[] bytes, Schema schema) {
        return decode(new Decoder(bytes), true, schema);
    }

    static Block decode(Decoder d, boolean whole, Schema schema) {
        BlockHeader header = BlockHeader.decode(d.bytes(1024));
        BlockBody body = BlockBody.decode(d, schema);
        Commit commit = Commit.decode(d.bytes(1 << 20));
        if (whole) {
            d.end();
        }
        return new Block(header, body, commit);
    }
}
