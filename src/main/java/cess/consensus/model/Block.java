package cess.consensus.model;

import cess.ledger.model.SignedTransaction;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.List;

/** A finalized block: header, transactions in order, and the commit certificate. */
public record Block(BlockHeader header, List<SignedTransaction> transactions, Commit commit) {
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
}
