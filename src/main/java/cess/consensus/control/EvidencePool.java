package cess.consensus.control;

import java.util.function.Predicate;
import cess.consensus.model.BlockBody;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Evidence;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Hash;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Equivocations this node has seen and not yet on chain, for its next blocks: at most
 * {@link BlockBody#MAX_EVIDENCE}, first seen first offered. Evidence leaves once its offence is
 * punished, once it is too old for the chain to take, or once a block built here left it out.
 * Thread-safe (one monitor, held for memory only).
 */
final class EvidencePool {
    static final int KEPT = BlockBody.MAX_EVIDENCE;

    private final LinkedHashMap<Hash, Evidence> evidence = new LinkedHashMap<>();

    /** Keeps {@code ev} unless the pool is full or holds it already. */
    synchronized void report(Evidence ev) {
        if (evidence.size() < KEPT) {
            evidence.putIfAbsent(ev.hash(), ev);
        }
    }

    /** What to offer the next block, in the order it was seen. */
    synchronized List<Evidence> offered() {
        return List.copyOf(evidence.values());
    }

    /**
     * Forgets the evidence of {@code offered} a block left out of {@code taken}: evidence the chain
     * does not take now never becomes acceptable later.
     */
    synchronized void keepOnly(List<Evidence> offered, Collection<Evidence> taken) {
        offered.stream().filter(ev -> !taken.contains(ev)).forEach(ev -> evidence.remove(ev.hash()));
    }

    /**
     * After block {@code height} became final: forgets evidence whose offence is
     * punished (by that block or an earlier one, in whatever form) or that is older than the
     * epoch before the block's.
     */
    synchronized void blockFinalized(long height, Predicate<Evidence> punished, ConsensusParams consensus) {
        long oldest = consensus.epochOf(height) - 1;
        evidence.values().removeIf(ev -> consensus.epochOf(ev.height()) < oldest || punished.test(ev));
    }

    synchronized int size() {
        return evidence.size();
    }
}
