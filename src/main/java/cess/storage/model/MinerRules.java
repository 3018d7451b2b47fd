package cess.storage.model;

import static cess.storage.model.RuleSupport.debit;
import static cess.storage.model.RuleSupport.refuse;

import cess.ledger.model.Currency;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.storage.model.StorageCall.AddStake;
import cess.storage.model.StorageCall.DeclareSpace;
import cess.storage.model.StorageCall.RegisterMiner;
import cess.storage.model.StorageCall.UpdateMiner;
import java.util.Optional;

/**
 * The rules of a miner's life: registering with a stake and declared space, changing its
 * endpoint, adding stake, declaring space, and exiting; and the state ({@link #stateFor}) its
 * stake and space put it in. Pure and stateless; called by {@link StorageRules}, whose contract
 * (fee taken, changes discarded on refusal) holds here too.
 */
final class MinerRules {
    private MinerRules() {
    }

    static Optional<TxRejection> registerMiner(StateOverlay s, Currency cur, Address sender, RegisterMiner c, long now,
                                               StorageParams p) {
        if (s.get(Miner.key(sender)) != null) {
            return refuse(TxError.ALREADY_EXISTS, sender + " is already a registered miner");
        }
        Optional<String> bad = Names.endpointProblem(c.endpoint());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        if (c.declaredBytes() < StorageParams.GIB) {
            return refuse(TxError.INVALID_ARGUMENT, "a miner must declare at least 1 GiB");
        }
        Amount needed = p.stakeFor(c.declaredBytes());
        if (c.stake().compareTo(needed) < 0) {
            return refuse(TxError.INVALID_ARGUMENT, "stake " + c.stake() + " is below the " + needed
                    + " required for " + c.declaredBytes() + " declared bytes");
        }
        Optional<TxRejection> paid = debit(cur, sender, c.stake());
        if (paid.isPresent()) {
            return paid;
        }
        s.put(Miner.key(sender), new Miner(c.endpoint(), c.declaredBytes(), 0, c.stake(), Miner.State.POSITIVE, now));
        return Optional.empty();
    }

    /**
     * Starts the sender's exit: it takes no new fragments, what it holds is rebuilt elsewhere
     * (restoral orders implied by its state) while it keeps serving it, and its stake may be
     * withdrawn after the cooling period once nothing is left on it.
     */
    static Optional<TxRejection> exitMiner(StateOverlay s, Address sender, long height, RestoralParams p) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        if (m.get().state() == Miner.State.EXITING) {
            return refuse(TxError.ALREADY_EXISTS, sender + " is already exiting");
        }
        s.put(Miner.key(sender), m.get().withState(Miner.State.EXITING));
        s.put(MinerExit.key(sender), new MinerExit(height, height + p.exitCoolingBlocks(), false));
        return Optional.empty();
    }

    /**
     * Returns an exited miner's stake and removes it: only after its cooling period, and only
     * once every fragment it held was rebuilt elsewhere (its holdings are empty).
     */
    static Optional<TxRejection> withdrawMiner(StateOverlay s, Currency cur, Address sender, long height) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        Optional<MinerExit> exit = s.find(MinerExit.key(sender), MinerExit.class);
        if (m.get().state() != Miner.State.EXITING || exit.isEmpty()) {
            return refuse(TxError.INVALID_ARGUMENT, sender + " has not exited: send exit_miner first");
        }
        if (height < exit.get().withdrawableHeight()) {
            return refuse(TxError.INVALID_ARGUMENT,
                    sender + " is cooling off until block " + exit.get().withdrawableHeight() + "; now " + height);
        }
        long held = HoldingIndex.tally(s, sender).count();
        if (held > 0) {
            return refuse(TxError.NOT_EMPTY, sender + " still holds " + held
                    + " fragments; they are being rebuilt on other miners, withdraw once none is left");
        }
        cur.unreserve(sender, m.get().stake());
        s.remove(Miner.key(sender));
        s.remove(MinerExit.key(sender));
        return Optional.empty();
    }

    static Optional<TxRejection> updateMiner(StateOverlay s, Address sender, UpdateMiner c) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        Optional<String> bad = Names.endpointProblem(c.endpoint());
        if (bad.isPresent()) {
            return refuse(TxError.INVALID_ARGUMENT, bad.get());
        }
        s.put(Miner.key(sender), m.get().withEndpoint(c.endpoint()));
        return Optional.empty();
    }

    /** Why the sender's miner cannot change its stake or space: not registered, or exiting. */
    private static Optional<TxRejection> unchangeable(Optional<Miner> m, Address sender) {
        if (m.isEmpty()) {
            return refuse(TxError.NOT_FOUND, sender + " is not a registered miner");
        }
        if (m.get().state() == Miner.State.EXITING) {
            return refuse(TxError.INVALID_ARGUMENT, sender + " is exiting; its stake and declared space are fixed");
        }
        return Optional.empty();
    }

    static Optional<TxRejection> addStake(StateOverlay s, Currency cur, Address sender, AddStake c, StorageParams p) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        Optional<TxRejection> no = unchangeable(m, sender);
        if (no.isPresent()) {
            return no;
        }
        if (c.amount().isZero()) {
            return refuse(TxError.INVALID_ARGUMENT, "the stake to add must be positive");
        }
        Optional<TxRejection> paid = debit(cur, sender, c.amount());
        if (paid.isPresent()) {
            return paid;
        }
        Miner staked = m.get().withStake(m.get().stake().plus(c.amount()));
        s.put(Miner.key(sender), staked.withState(stateFor(staked, p)));
        return Optional.empty();
    }

    static Optional<TxRejection> declareSpace(StateOverlay s, Address sender, DeclareSpace c, StorageParams p) {
        Optional<Miner> m = s.find(Miner.key(sender), Miner.class);
        Optional<TxRejection> no = unchangeable(m, sender);
        if (no.isPresent()) {
            return no;
        }
        if (c.declaredBytes() < StorageParams.GIB) {
            return refuse(TxError.INVALID_ARGUMENT, "a miner must declare at least 1 GiB");
        }
        if (c.declaredBytes() < m.get().usedBytes()) {
            return refuse(TxError.INVALID_ARGUMENT, "the miner holds " + m.get().usedBytes()
                    + " bytes; it cannot declare less");
        }
        Miner declared = m.get().withDeclared(c.declaredBytes());
        s.put(Miner.key(sender), declared.withState(stateFor(declared, p)));
        return Optional.empty();
    }

    /** Positive while the stake covers the declared space, frozen otherwise (an exiting miner stays exiting). */
    static Miner.State stateFor(Miner m, StorageParams p) {
        if (m.state() == Miner.State.EXITING) {
            return Miner.State.EXITING;
        }
        return m.stake().compareTo(p.stakeFor(m.declaredBytes())) >= 0 ? Miner.State.POSITIVE : Miner.State.FROZEN;
    }
}
