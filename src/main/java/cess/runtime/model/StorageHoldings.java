package cess.runtime.model;

import cess.audit.model.Holding;
import cess.audit.model.Holdings;
import cess.ledger.model.StateView;
import cess.shared.Address;
import cess.shared.ChunkTree;
import cess.storage.model.HoldingIndex;
import cess.storage.model.HoldingTally;

/**
 * The storage module's per-miner holdings index ({@link HoldingIndex}) as the audit module reads
 * it ({@link Holdings}), over any view of the state: a block's, or a node's head when its miners
 * build their proofs. The sampler's chunk bound is the longest fragment the miner ever held (a
 * high-water mark, which the index keeps). As thread-safe as the view.
 */
public final class StorageHoldings implements Holdings {
    private final StateView state;

    public StorageHoldings(StateView state) {
        this.state = state;
    }

    @Override
    public long count(Address miner) {
        return HoldingIndex.tally(state, miner).count();
    }

    @Override
    public Holding at(Address miner, long seq) {
        cess.storage.model.Holding h = HoldingIndex.at(state, miner, seq).orElseThrow(
                () -> new IllegalArgumentException("miner " + miner + " has no holding " + seq));
        return new Holding(h.fid(), h.segment(), h.fragment(), h.root(), h.length());
    }

    @Override
    public long maxChunks(Address miner) {
        HoldingTally t = HoldingIndex.tally(state, miner);
        return t.count() == 0 ? 0 : ChunkTree.chunks(t.maxLength());
    }
}
