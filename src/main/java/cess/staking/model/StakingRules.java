package cess.staking.model;

import cess.ledger.model.CallContext;
import cess.ledger.model.Currency;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/** The rules of candidacy: each either applies whole or refuses and changes nothing. */
public final class StakingRules {
    private StakingRules() {
    }

    public static Optional<TxRejection> apply(CallContext ctx, StakingCall call) {
        StateOverlay s = ctx.state();
        Address sender = ctx.sender();
        long now = ctx.nowMillis();
        StakingParams p = ctx.params().get(StakingParams.class);
        if (call instanceof StakingCall.Bond b) {
            return bond(s, ctx.currency(), sender, b, now, p);
        } else if (call instanceof StakingCall.Unbond) {
            Optional<Candidate> c = s.find(Candidate.key(sender), Candidate.class);
            if (c.isEmpty()) {
                return refuse(TxError.NOT_FOUND, sender + " is not a validator candidate");
            }
            if (c.get().leaving()) {
                return refuse(TxError.ALREADY_EXISTS, sender + " is already leaving");
            }
            s.put(Candidate.key(sender), c.get().asLeaving());
            return Optional.empty();
        }
        throw new IllegalStateException("no rule for call " + call.type());
    }

    private static Optional<TxRejection> bond(StateOverlay s, Currency cur, Address sender, StakingCall.Bond b, long now,
                                              StakingParams p) {
        if (b.amount().isZero()) {
            return refuse(TxError.INVALID_ARGUMENT, "the bond must be positive");
        }
        Optional<Candidate> existing = s.find(Candidate.key(sender), Candidate.class);
        if (existing.isPresent()) {
            if (existing.get().leaving()) {
                return refuse(TxError.INVALID_ARGUMENT, sender + " is leaving; bond again after its stake returns");
            }
            if (!existing.get().onion().equals(b.onion())) {
                return refuse(TxError.INVALID_ARGUMENT, "the onion commitment is published once; bond with "
                        + existing.get().onion());
            }
        } else {
            if (b.amount().compareTo(p.minBond()) < 0) {
                return refuse(TxError.INVALID_ARGUMENT, "a candidate bonds at least " + p.minBond() + ", not "
                        + b.amount());
            }
            if (b.onion().equals(Hash.ZERO)) {
                return refuse(TxError.INVALID_ARGUMENT, "a candidate publishes the outer layer of its hash onion");
            }
        }
        Amount free = cur.free(sender);
        if (free.compareTo(b.amount()) < 0) {
            return refuse(TxError.INSUFFICIENT_BALANCE, "free balance " + free + " is below the bond " + b.amount());
        }
        cur.reserve(sender, b.amount());
        s.put(Candidate.key(sender), existing.map(c -> c.withStake(c.stake().plus(b.amount())))
                .orElse(Candidate.fresh(b.amount(), b.onion(), now)));
        return Optional.empty();
    }

    /**
     * At an epoch start: candidates that asked to leave and are not on duty in {@code serving}
     * (the sets of the epoch starting and the one after) get their stake back and are removed.
     * Reads {@code before}, the state before the block, and writes {@code s}.
     *
     * @return how many left
     */
    public static int releaseLeaving(NavigableMap<StateKey, StateValue> before, StateOverlay s, Currency cur,
                                     java.util.function.Predicate<Address> serving) {
        int released = 0;
        for (Map.Entry<StateKey, StateValue> e : before.subMap(StateKey.from(Staking.CANDIDATE, ""), true,
                StateKey.after(Staking.CANDIDATE, ""), false).entrySet()) {
            Address who = Address.parse(e.getKey().id());
            Optional<Candidate> c = s.find(e.getKey(), Candidate.class);
            if (c.isPresent() && c.get().leaving() && !serving.test(who)) {
                cur.unreserve(who, c.get().stake());
                s.remove(e.getKey());
                released++;
            }
        }
        return released;
    }

    /**
     * Slashes {@code percent} % of a candidate's stake into the punishment pool. A candidate left
     * with less than the minimum bond is made to leave (its remaining stake returns like any
     * leaver's). A validator that is no longer a candidate has nothing left to slash.
     *
     * @return what was slashed
     */
    public static Amount slash(StateOverlay s, Currency cur, Address offender, int percent, StakingParams p) {
        Optional<Candidate> c = s.find(Candidate.key(offender), Candidate.class);
        if (c.isEmpty()) {
            return Amount.ZERO;
        }
        Amount cut = c.get().stake().share(percent, 100);
        Candidate after = c.get().withStake(c.get().stake().minus(cut));
        if (after.stake().compareTo(p.minBond()) < 0) {
            after = after.asLeaving();
        }
        s.put(Candidate.key(offender), after);
        cur.slashInto(PUNISHMENT_POOL, cut);
        return cut;
    }

    /** Where slashed stake goes: the ledger's punishment pool, shared by every module that slashes. */
    public static final Address PUNISHMENT_POOL = cess.ledger.model.Balances.PUNISHMENT_POOL;

    private static Optional<TxRejection> refuse(TxError e, String why) {
        return Optional.of(new TxRejection(e, why));
    }
}
