package cess.audit.model;

import cess.audit.model.idle.IdleChallenge;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * An idle-space challenge as the chain keeps it while it is open (and, answered, until its
 * deadline): whom it asks, over which units, the seed its samples come from, the heights that
 * bound the answer, and whether it certifies a committed batch ({@code certifies}) or audits
 * certified space in a period. Ids are shared with service challenges ({@link Challenge}), so a
 * challenge number names one challenge of either kind. Immutable.
 *
 * <p>Encoded as {@code u64 id, miner, seed, u64 firstUnit, u64 unitCount, u64 issued, u64 deadline,
 * u8 certifies, u8 answered}: 106 bytes.
 */
public record IssuedIdleChallenge(long id, Address miner, Hash seed, long firstUnit, long unitCount, long issuedHeight,
                                  long deadlineHeight, boolean certifies, boolean answered) implements StateValue {
    private static final byte[] ID_DOMAIN = "cess/idle/challenge/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public IssuedIdleChallenge {
        if (id < 0 || miner == null || seed == null) {
            throw new IllegalArgumentException("an idle challenge needs an id, a miner and a seed");
        }
        if (issuedHeight < 0 || deadlineHeight < issuedHeight) {
            throw new IllegalArgumentException("an idle challenge's deadline (" + deadlineHeight + ") must not precede its issue ("
                    + issuedHeight + ")");
        }
        challenge(id, miner, seed, firstUnit, unitCount); // checks the units
    }

    /** The challenge as the prover and the checker see it. */
    public IdleChallenge challenge() {
        return challenge(id, miner, seed, firstUnit, unitCount);
    }

    private static IdleChallenge challenge(long id, Address miner, Hash seed, long firstUnit, long unitCount) {
        return new IdleChallenge(proofId(id), miner, seed, firstUnit, unitCount);
    }

    /** What a proof names as its challenge: {@code SHA-256("cess/idle/challenge/v1" || u64 id)}. */
    public static Hash proofId(long id) {
        return Hash.sha256(ID_DOMAIN, new Encoder().u64(id).toBytes());
    }

    /** One past the last challenged unit. */
    public long endUnit() {
        return firstUnit + unitCount;
    }

    /** This challenge once a proof was judged. */
    public IssuedIdleChallenge answer() {
        return new IssuedIdleChallenge(id, miner, seed, firstUnit, unitCount, issuedHeight, deadlineHeight, certifies, true);
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(id).address(miner).hash(seed).u64(firstUnit).u64(unitCount).u64(issuedHeight)
                .u64(deadlineHeight).u8(certifies ? 1 : 0).u8(answered ? 1 : 0).toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static IssuedIdleChallenge decode(Decoder d) {
        long id = d.u64();
        Address miner = d.address();
        Hash seed = d.hash();
        long first = d.u64();
        long count = d.u64();
        long issued = d.u64();
        long deadline = d.u64();
        return new IssuedIdleChallenge(id, miner, seed, first, count, issued, deadline, flag(d.u8()), flag(d.u8()));
    }

    private static boolean flag(int v) {
        if (v > 1) {
            throw new IllegalArgumentException("a flag is 0 or 1, got " + v);
        }
        return v == 1;
    }
}
