package cess.audit.model.idle;

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

    /** Page {@code page} of unit {@code unit}'s index ({@link FillerIndex}): {@value FillerIndex#PAGE_BYTES} bytes. */
    byte[] indexPage(long unit, int page) throws IOException;
}
