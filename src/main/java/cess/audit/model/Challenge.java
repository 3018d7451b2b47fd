package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open (or answered) service challenge: whom it asks, the seed its samples came from, the
 * samples themselves as drawn when it was issued, and the heights that bound the answer. The
 * samples are kept rather than drawn again at the answer because the miner's holdings may have
 * changed in between; each sample carries the root it was drawn against. Immutable.
 *
 * <p>Encoded for the state as {@code u64 id, miner, seed, u64 issued, u64 deadline, u8 answered,
 * u32 n, then n × (u64 seq, u64 chunk, root)}: 93 + 48 bytes a sample, 8,733 bytes at 180
 * samples, kept while the challenge is open.
 *
 * @param id             the challenge's number, unique on the chain
 * @param miner          the challenged miner, the only account whose proof is looked at
 * @param seed           what the samples were drawn from ({@link Sampler#seed})
 * @param samples        the drawn samples, in the order the proof answers them
 * @param issuedHeight   the block that issued it
 * @param deadlineHeight the last block at which an answer is accepted
 * @param answered       whether a proof was already judged (passed or failed)
 */
public record Challenge(long id, Address miner, Hash seed, List<Sample> samples, long issuedHeight, long deadlineHeight,
                        boolean answered) implements StateValue {
    public Challenge {
        if (id < 0 || miner == null || seed == null || samples == null) {
            throw new IllegalArgumentException("a challenge needs an id, a miner, a seed and its samples");
        }
        if (samples.isEmpty() || samples.size() > AuditParams.MAX_SAMPLES) {
            throw new IllegalArgumentException("a challenge has 1.." + AuditParams.MAX_SAMPLES + " samples, got " + samples.size());
        }
        if (issuedHeight < 0 || deadlineHeight < issuedHeight) {
            throw new IllegalArgumentException("a challenge's deadline (" + deadlineHeight + ") must not precede its issue ("
                    + issuedHeight + ")");
        }
        samples = List.copyOf(samples);
    }

    /**
     * Issues challenge {@code id} to {@code miner} at {@code height}: draws
     * {@link AuditParams#samples} samples from {@code seed} over its holdings and sets the deadline
     * from the service bytes it holds. Empty when the miner holds no fragment: it is not
     * challenged on service data.
     */
    public static Optional<Challenge> issue(long id, Address miner, Hash seed, Holdings holdings, long height,
                                            long serviceBytes, AuditParams p) {
        List<Sample> samples = Sampler.draw(seed, miner, holdings, p.samples());
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Challenge(id, miner, seed, samples, height, ChallengeSchedule.deadline(height, serviceBytes, p),
                false));
    }

    /**
     * Issues challenge {@code id} to the miner holding {@code fragment} at position {@code seq},
     * targeted at that fragment alone (after a corrupt-read report): {@link AuditParams#samples}
     * samples from {@link Sampler#drawWithin}, the suspects first, answered by the usual floor
     * ({@link AuditParams#deadlineBaseBlocks}: one fragment takes no longer to prove than any).
     */
    public static Challenge targeted(long id, Address miner, Hash seed, long seq, Holding fragment, List<Long> suspects,
                                     long height, AuditParams p) {
        return new Challenge(id, miner, seed, Sampler.drawWithin(seed, seq, fragment, suspects, p.samples()), height,
                Math.addExact(height, p.deadlineBaseBlocks()), false);
    }

    /** Whether an answer at {@code height} is past the deadline. */
    public boolean expiredAt(long height) {
        return height > deadlineHeight;
    }

    /** This challenge once a proof was judged. */
    public Challenge answer() {
        return new Challenge(id, miner, seed, samples, issuedHeight, deadlineHeight, true);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u64(id).address(miner).hash(seed).u64(issuedHeight).u64(deadlineHeight).u8(answered ? 1 : 0)
                .u32(samples.size());
        for (Sample s : samples) {
            e.u64(s.seq()).u64(s.chunk()).hash(s.root());
        }
        return e.toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static Challenge decode(Decoder d) {
        long id = d.u64();
        Address miner = d.address();
        Hash seed = d.hash();
        long issued = d.u64();
        long deadline = d.u64();
        int answered = d.u8();
        if (answered > 1) {
            throw new IllegalArgumentException("a challenge's answered flag is 0 or 1, got " + answered);
        }
        long n = d.u32();
        if (n > AuditParams.MAX_SAMPLES) {
            throw new IllegalArgumentException("a challenge has at most " + AuditParams.MAX_SAMPLES + " samples, got " + n);
        }
        List<Sample> samples = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            samples.add(new Sample(d.u64(), d.u64(), d.hash()));
        }
        return new Challenge(id, miner, seed, samples, issued, deadline, answered == 1);
    }
}
