package cess.runtime.model;

import cess.audit.model.AuditedMiners;
import cess.audit.model.Holdings;
import cess.ledger.model.Currency;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.storage.model.Miner;
import cess.storage.model.MinerPenalties;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralParams;
import cess.storage.model.RestoralRules;
import cess.storage.model.Storage;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The storage market as the audit module sees it ({@link AuditedMiners}), over one block's
 * state: the runtime is the one place that knows both modules, so the wiring lives here
 * (holdings: {@link StorageHoldings}; punishments: the storage module's
 * {@link MinerPenalties}). Not thread-safe.
 */
final class StorageAudit implements AuditedMiners {
    private final NavigableMap<StateKey, StateValue> before;
    private final StateOverlay state;
    private final Currency currency;
    private final StorageParams params;
    private final RestoralParams restoral;

    StorageAudit(NavigableMap<StateKey, StateValue> before, StateOverlay state, Currency currency, Params params) {
        this.before = before;
        this.state = state;
        this.currency = currency;
        this.params = params.get(StorageParams.class);
        this.restoral = params.get(RestoralParams.class);
    }

    @Override
    public Holdings holdings() {
        return new StorageHoldings(state);
    }

    @Override
    public List<Address> miners() {
        List<Address> out = new ArrayList<>();
        for (StateKey k : before.subMap(StateKey.from(Storage.MINER, ""), true, StateKey.after(Storage.MINER, ""), false)
                .keySet()) {
            out.add(Address.parse(k.id()));
        }
        return out;
    }

    @Override
    public long serviceBytes(Address miner) {
        return state.find(Miner.key(miner), Miner.class).map(Miner::usedBytes).orElse(0L);
    }

    @Override
    public long declaredBytes(Address miner) {
        return state.find(Miner.key(miner), Miner.class).map(Miner::declaredBytes).orElse(0L);
    }

    @Override
    public Amount collateral(Address miner) {
        return MinerPenalties.collateral(state, miner, params);
    }

    @Override
    public Amount slash(Address miner, Amount amount) {
        return MinerPenalties.slash(state, currency, miner, amount, params);
    }

    @Override
    public void forceExit(Address miner, long height) {
        MinerPenalties.forceExit(state, miner, height, restoral);
    }

    @Override
    public void reportLost(Address miner, cess.audit.model.Holding fragment, long height) {
        RestoralRules.open(state, fragment.fid(), fragment.segment(), fragment.fragment(), miner,
                RestoralOrder.Reason.PROOF_FAILED, height);
    }
}
