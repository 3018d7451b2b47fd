package cess.staking.model;

import cess.ledger.model.Account;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Hash;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/** The rules of candidacy: each either applies whole or refuses and changes nothing. */
public final class StakingRules {
    private StakingRules() {
    }

    public static Optional<TxRejection> apply(StateOverlay s, Address sender, StakingCall call, long now,
                                              StakingParams p) {
        if (call instanceof StakingCall.Bond b) {
            return bond(s, sender, b, now, p);
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

    private static Optional<TxRejection> bond(StateOverlay s, Address sender, StakingCall.Bond b, long now,
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
        Account a = s.account(sender);
        if (a.free().compareTo(b.amount()) < 0) {
            return refuse(TxError.INSUFFICIENT_BALANCE, "free balance " + a.free() + " is below the bond " + b.amount());
        }
        s.put(sender, new Account(a.free().minus(b.amount()), a.nonce()));
        s.put(Candidate.key(sender), existing.map(c -> c.withStake(c.stake().plus(b.amount())))
                .orElse(new Candidate(b.amount(), b.onion(), java.util.List.of(), now, false)));
        return Optional.empty();
    }

    /**
     * At an epoch start: candidates that asked to leave get their stake back and are removed.
     * Reads {@code before}, the state before the block, and writes {@code s}.
     *
     * @return how many left
     */
    public static int releaseLeaving(NavigableMap<StateKey, StateValue> before, StateOverlay s) {
        int released = 0;
        for (Map.Entry<StateKey, StateValue> e : before.subMap(new StateKey(StateKey.Kind.CANDIDATE, "\u0000"), true,
                StateKey.after(StateKey.Kind.CANDIDATE, ""), false).entrySet()) {
            Candidate c = (Candidate) e.getValue();
            if (c.leaving()) {
                Address who = Address.parse(e.getKey().id());
                Account a = s.account(who);
                s.put(who, new Account(a.free().plus(c.stake()), a.nonce()));
                s.remove(e.getKey());
                released++;
            }
        }
        return released;
    }

    private static Optional<TxRejection> refuse(TxError e, String why) {
        return Optional.of(new TxRejection(e, why));
    }
}
