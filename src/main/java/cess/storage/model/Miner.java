package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * A storage miner as the chain knows it: where it serves fragments, the space it declared and
 * how much of it file deals use, its bonded stake and its state.
 */
public record Miner(String endpoint, long declaredBytes, long usedBytes, Amount stake, State state, long registeredMillis)
        implements StateValue {
    /** Positive miners take new fragments; frozen and exiting ones only keep serving what they hold. */
    public enum State { POSITIVE, FROZEN, EXITING }

    public Miner {
        if (declaredBytes <= 0 || usedBytes < 0) {
            throw new IllegalArgumentException("declared space must be positive and used space not negative");
        }
    }

    public static StateKey key(Address miner) {
        return new StateKey(Storage.MINER, miner.ss58());
    }

    public long freeBytes() {
        return Math.max(0, declaredBytes - usedBytes);
    }

    public boolean acceptsFragments() {
        return state == State.POSITIVE;
    }

    public Miner withUsed(long used) {
        return new Miner(endpoint, declaredBytes, used, stake, state, registeredMillis);
    }

    public Miner withEndpoint(String e) {
        return new Miner(e, declaredBytes, usedBytes, stake, state, registeredMillis);
    }

    public Miner withStake(Amount s) {
        return new Miner(endpoint, declaredBytes, usedBytes, s, state, registeredMillis);
    }

    public Miner withDeclared(long bytes) {
        return new Miner(endpoint, bytes, usedBytes, stake, state, registeredMillis);
    }

    public Miner withState(State s) {
        return new Miner(endpoint, declaredBytes, usedBytes, stake, s, registeredMillis);
    }

    @Override
    public byte[] encode() {
        return new Encoder().string(endpoint).u64(declaredBytes).u64(usedBytes).amount(stake).u8(state.ordinal())
                .u64(registeredMillis).toBytes();
    }

    public static Miner decode(Decoder d) {
        return new Miner(d.string(Names.MAX_ENDPOINT), d.u64(), d.u64(), d.amount(), State.values()[d.u8()], d.u64());
    }
}
