package cess.consensus.model;

import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.List;

/** A finalized block: header, transactions in order, and the commit certificate. */
public record Block(BlockHeader header, List<SignedTransaction> transactions, Commit commit) {
    /** Most transactions a decoded block may carry (the largest {@code maxBlockTxs} a genesis allows). */
    public static final int MAX_TRANSACTIONS = 100_000;

    public Block {
        if (header == null || transactions == null || commit == null) {
            throw new IllegalArgumentException("a block needs a header, transactions and a commit");
        }
        transactions = List.copyOf(transactions);
    }

    public Hash hash() {
        return header.hash();
    }

    /** The Merkle root over the transactions' hashes, in block order. */
    public static Hash txRoot(List<SignedTransaction> txs) {
        return Merkle.root(txs.stream().map(SignedTransaction::hash).toList());
    }

    /** The wire form: header, transactions, commit, each length-prefixed. */
    public byte[] encode() {
        Encoder e = new Encoder().bytes(header.encode());
        encodeTransactions(e, transactions);
        return e.bytes(commit.encode()).toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one block */
    public static Block decode(byte[] bytes) {
        return decode(new Decoder(bytes), true);
    }

    static Block decode(Decoder d, boolean whole) {
        BlockHeader header = BlockHeader.decode(d.bytes(1024));
        List<SignedTransaction> txs = decodeTransactions(d);
        Commit commit = Commit.decode(d.bytes(1 << 20));
        if (whole) {
            d.end();
        }
        return new Block(header, txs, commit);
    }

    static void encodeTransactions(Encoder e, List<SignedTransaction> txs) {
        SignedTransaction.encodeAll(e, txs);
    }

    static List<SignedTransaction> decodeTransactions(Decoder d) {
        return SignedTransaction.decodeAll(d, MAX_TRANSACTIONS);
    }
}
