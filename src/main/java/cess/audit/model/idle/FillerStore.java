package cess.audit.model.idle;

import cess.shared.Hash;
import java.io.IOException;

/**
 * What a prover reads of a miner's filler: blocks of labels and nodes of each unit's index
 * ({@link FillerCommitment}). The seam between the pure prover and where the filler lives: the
 * miner's files, memory in tests, or, for a cheater the benchmark plays, labels regenerated on
 * demand. Implementations say whether they are thread-safe; {@link IdleProver} calls one from one
 * thread.
 */
public interface FillerStore {
    /** Block {@code block} of unit {@code unit}: {@value FillerCommitment#BLOCK_BYTES} bytes, labels {@code 128·block ..}. */
    byte[] block(long unit, int block) throws IOException;

    /** The index node of unit {@code unit} at byte {@code offset} of its index ({@link FillerCommitment#indexOffsets}). */
    Hash indexNode(long unit, long offset) throws IOException;
}
