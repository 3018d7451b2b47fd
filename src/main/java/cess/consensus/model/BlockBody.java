package cess.consensus.model;

import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.List;

/**
 * What a block carries besides its header: its transactions in order; the commit of its parent
 * (the precommits the proposer saw: the chain counts from them who voted, for credit); and
 * evidence of equivocation to punish. The header commits to each part.
 */
public record BlockBody(List<SignedTransaction> transactions, Commit lastCommit, List<Evidence> evidence) {
    /** Most transactions a decoded block may carry (the largest {@code maxBlockTxs} a genesis allows). */
    public static final int MAX_TRANSACTIONS = 100_000;
    /** Most evidence one block carries. */
    public static final int MAX_EVIDENCE = 16;

    public BlockBody {
        if (transactions == null || lastCommit == null || evidence == null) {
            throw new IllegalArgumentException("a block body needs transactions, the parent's commit and evidence");
        }
        transactions = List.copyOf(transactions);
        evidence = List.copyOf(evidence);
    }

    /** The commit block 1 carries for block 0, which nobody signs. */
    public static Commit genesisCommit(BlockHeader genesis) {
        return new Commit(0, 0, genesis.hash(), List.of());
    }

    public Hash txRoot() {
        return Block.txRoot(transactions);
    }

    public Hash lastCommitHash() {
        return lastCommit.hash();
    }

    public Hash evidenceRoot() {
        return evidenceRoot(evidence);
    }

    public static Hash evidenceRoot(List<Evidence> evidence) {
        return Merkle.root(evidence.stream().map(Evidence::hash).toList());
    }

    /** Evidence as the store keeps it: a count and each piece. */
    public static byte[] encodeEvidence(List<Evidence> evidence) {
        Encoder e = new Encoder().u32(evidence.size());
        evidence.forEach(ev -> e.raw(ev.encode()));
        return e.toBytes();
    }

    public static List<Evidence> decodeEvidence(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        List<Evidence> out = decodeEvidence(d);
        d.end();
        return out;
    }

    private static List<Evidence> decodeEvidence(Decoder d) {
        long n = d.u32();
        if (n > MAX_EVIDENCE) {
            throw new IllegalArgumentException("block carries " + n + " pieces of evidence, at most " + MAX_EVIDENCE);
        }
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            evidence.add(Evidence.decode(d));
        }
        return evidence;
    }

    void encode(Encoder e) {
        SignedTransaction.encodeAll(e, transactions);
        e.bytes(lastCommit.encode()).raw(encodeEvidence(evidence));
    }

    static BlockBody decode(Decoder d, Schema schema) {
        List<SignedTransaction> txs = SignedTransaction.decodeAll(d, MAX_TRANSACTIONS, schema);
        Commit last = Commit.decode(d.bytes(1 << 20));
        return new BlockBody(txs, last, decodeEvidence(d));
    }
}
