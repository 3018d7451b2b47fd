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
import cess.oss.model.Gateway;
import cess.shared.Hash;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Fragment;
import cess.storage.model.HoldingSlot;
import cess.storage.model.Miner;
import cess.storage.model.Segment;
import cess.storage.model.MinerPenalties;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralParams;
import cess.storage.model.RestoralRules;
import cess.storage.model.Storage;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The storage market as the audit module sees it ({@link AuditedMiners}), over one block's
 * state: the runtime is the one place that knows both modules, so the wiring lives here
 * (holdings: {@link StorageHoldings}; punishments: the storage module's
 * {@link MinerPenalties}; repair: {@link RestoralRules}; who may report a corrupt read: the
 * gateway registry of module {@code oss}). Not thread-safe.
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

    @Override
    public void reportMissed(Address miner, long height) {
        RestoralRules.missed(state, miner, height, restoral);
    }

    @Override
    public void reportPassed(Address miner, long height) {
        RestoralRules.answered(state, miner);
    }

    @Override
    public void reportCorrupt(Address miner, cess.audit.model.Holding fragment, long height) {
        RestoralRules.open(state, fragment.fid(), fragment.segment(), fragment.fragment(), miner,
                RestoralOrder.Reason.CORRUPT_READ, height);
    }

    @Override
    public Optional<Located> locate(Hash fid, int segment, int fragment) {
        Optional<FileLayout> layout = state.find(FileRecord.key(fid), FileRecord.class).map(FileRecord::layout);
        if (layout.isEmpty() || segment < 0 || segment >= layout.get().segments().size()) {
            return Optional.empty();
        }
        Segment seg = layout.get().segments().get(segment);
        if (fragment < 0 || fragment >= seg.fragments().size()) {
            return Optional.empty();
        }
        Fragment f = seg.fragments().get(fragment);
        Optional<HoldingSlot> slot = state.find(HoldingSlot.key(f.miner(), fid, segment, fragment), HoldingSlot.class);
        if (slot.isEmpty()) {
            return Optional.empty(); // the index and the layout always agree; a missing slot is a fragment not held
        }
        cess.audit.model.Holding h = new cess.audit.model.Holding(fid, segment, fragment, f.hash(),
                layout.get().fragmentSize(seg));
        boolean repairing = RestoralRules.orderFor(state, fid, segment, fragment, 0).isPresent();
        return Optional.of(new Located(f.miner(), slot.get().seq(), h, repairing));
    }

    @Override
    public boolean activeGateway(Address account) {
        return state.find(Gateway.key(account), Gateway.class).map(Gateway::active).orElse(false);
    }
}
