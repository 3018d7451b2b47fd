package cess.audit.model;

import cess.audit.model.idle.IdleParams;
import cess.audit.model.idle.IdleProof;
import cess.ledger.model.SignedTransaction;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * The chain's parameters of idle-space proofs, fixed by the genesis (its {@code audit.idle}
 * section): the proof's own ({@link IdleParams}), the network its labels are bound to, the bound
 * on one {@code commit_filler} call, and the deadline. Immutable; every component is checked here,
 * so a genesis with an unusable value fails to load with the reason.
 *
 * <p><b>Deadlines.</b> CESS gives an idle challenge {@code idle space / 203,613,264 + 50} blocks
 * of 6 s; the same formula here is {@code min(deadlineBaseBlocks + idleBytes / idleBytesPerBlock,
 * periodBlocks)}. The construction is sound only while the deadline is shorter than the time a
 * miner that deleted its filler needs to regenerate what a challenge samples: about 17.8 s on the
 * critical path at 1 GiB units ({@code bench/README.md}, "Idle-space proofs"), while an honest
 * answer takes tens of milliseconds whatever the space. {@link #production} therefore keeps the
 * deadline at 12 s (two 6 s blocks) and flat: a challenge samples a fixed number of labels however
 * much filler a miner certified, so an honest answer needs no more time for more space, while CESS's
 * rate (1 s more per 34 MB) would give a miner certifying 1 TB over eight hours, time enough to
 * regenerate anything ({@link #FLAT}: no bytes add a block). The local parameters keep CESS's rate,
 * which adds nothing at their megabytes of filler. CESS's own table (50 blocks, 300 s, its rate) is
 * {@link #cess}, for comparison only: at it, a cheater regenerates in time.
 *
 * @param proof              the proof's parameters (unit size, parents, samples, rounds)
 * @param network            what every label is bound to ({@link #network(String)} of the chain id), so that
 *                           one disk is not certified on two chains
 * @param deadlineBaseBlocks the floor of every idle deadline
 * @param idleBytesPerBlock  challenged idle bytes that add one block to a deadline
 * @param maxRootsPerCommit  the most unit roots one {@code commit_filler} carries (1..{@value #MAX_ROOTS})
 */
public record IdleAuditParams(IdleParams proof, Hash network, long deadlineBaseBlocks, long idleBytesPerBlock,
                              int maxRootsPerCommit) {
    /** The most roots any genesis lets one call carry. */
    public static final int MAX_ROOTS = 1024;
    /** CESS's rate: 203,613,264 idle bytes per 6 s block. */
    public static final long CESS_IDLE_BYTES_PER_SECOND = 203_613_264L / 6;
    /** An {@code idleBytesPerBlock} under which no amount of filler lengthens a deadline. */
    public static final long FLAT = Long.MAX_VALUE;
    /** What a transaction needs besides the proof (sender, nonce, fee, signature, call header). */
    static final int TX_HEADROOM = 4096;

    public IdleAuditParams {
        if (proof == null || network == null) {
            throw new IllegalArgumentException("idle parameters need the proof's parameters and the network");
        }
        if (deadlineBaseBlocks < 1) {
            throw new IllegalArgumentException("idle deadlineBaseBlocks must be at least 1, got " + deadlineBaseBlocks);
        }
        if (idleBytesPerBlock < 1) {
            throw new IllegalArgumentException("idleBytesPerBlock must be positive, got " + idleBytesPerBlock);
        }
        if (maxRootsPerCommit < 1 || maxRootsPerCommit > MAX_ROOTS) {
            throw new IllegalArgumentException("maxRootsPerCommit must be 1.." + MAX_ROOTS + ", got " + maxRootsPerCommit);
        }
        long most = IdleProof.maxEncodedBytes(proof);
        if (most > SignedTransaction.MAX_ENCODED_BYTES - TX_HEADROOM) {
            throw new IllegalArgumentException("an idle proof under these parameters takes up to " + most
                    + " bytes, more than a transaction carries (" + (SignedTransaction.MAX_ENCODED_BYTES - TX_HEADROOM)
                    + "): fewer samples or parents");
        }
    }

    /** The network of the chain named {@code chainId}: {@code SHA-256("cess/idle/network/v1" || chainId)}. */
    public static Hash network(String chainId) {
        return Hash.sha256(new Encoder().string("cess/idle/network/v1").string(chainId).toBytes());
    }

    /** A production network's: 1 GiB units, a flat 12 s deadline (see above), 64 roots a call. */
    public static IdleAuditParams production(long blockMillis, Hash network) {
        IdleAuditParams p = forTimes(IdleParams.production(), network, blockMillis, 12_000);
        return new IdleAuditParams(p.proof(), network, p.deadlineBaseBlocks(), FLAT, p.maxRootsPerCommit());
    }

    /** A local network's (the devnet, {@code cess-cli genesis}): 1 MiB units, at least 20 s to answer. */
    public static IdleAuditParams local(long blockMillis, Hash network) {
        return forTimes(IdleParams.devnet(), network, blockMillis, 20_000);
    }

    /** CESS's own table (50-block floor at 6 s blocks, 300 s): unsound for this construction, see above. */
    public static IdleAuditParams cess(long blockMillis, Hash network) {
        return forTimes(IdleParams.production(), network, blockMillis, 300_000);
    }

    /** {@code proof} with a floor of {@code floorMillis} (rounded up to whole blocks) and CESS's rate for the block time. */
    public static IdleAuditParams forTimes(IdleParams proof, Hash network, long blockMillis, long floorMillis) {
        if (blockMillis < 1 || floorMillis < 1) {
            throw new IllegalArgumentException("block time and floor must be positive");
        }
        long floor = Math.max(1, (floorMillis + blockMillis - 1) / blockMillis);
        return new IdleAuditParams(proof, network, floor, idleBytesPerBlock(blockMillis), 64);
    }

    /** CESS's idle rate in bytes per block of {@code blockMillis}. */
    public static long idleBytesPerBlock(long blockMillis) {
        if (blockMillis < 1) {
            throw new IllegalArgumentException("a block takes at least 1 ms, got " + blockMillis);
        }
        return Math.max(1, Math.multiplyExact(CESS_IDLE_BYTES_PER_SECOND, blockMillis) / 1000);
    }

    /** The bytes of one filler unit. */
    public int unitBytes() {
        return proof.unitBytes();
    }

    /**
     * The blocks a challenge over {@code idleBytes} of filler has to answer:
     * {@code min(deadlineBaseBlocks + idleBytes / idleBytesPerBlock, periodBlocks)}, at least the floor
     * (a period shorter than the floor does not cut it). A proof is accepted up to and including the
     * deadline height.
     */
    public long deadlineBlocks(long idleBytes, long periodBlocks) {
        if (idleBytes < 0) {
            throw new IllegalArgumentException("idle bytes must not be negative, got " + idleBytes);
        }
        long extra = idleBytes / idleBytesPerBlock;
        long room = Math.max(0, periodBlocks - deadlineBaseBlocks);
        return deadlineBaseBlocks + Math.min(extra, room);
    }
}
