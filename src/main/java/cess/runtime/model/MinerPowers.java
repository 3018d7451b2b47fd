package cess.runtime.model;

import cess.audit.model.IdleAuditParams;
import cess.audit.model.IdleRules;
import cess.ledger.model.Params;
import cess.ledger.model.StateView;
import cess.ledger.model.StoragePower;
import cess.shared.Address;
import cess.storage.model.Miner;
import java.util.Optional;

/**
 * The standard runtime's {@link StoragePower}: service data from the storage market's miner
 * entry, certified idle space from the audit's {@link cess.audit.model.IdleSpace}, the certified
 * units that service data displaces left out ({@link cess.audit.model.IdleSpace#countedUnits}).
 * The runtime is the one place that knows both modules, so the wiring lives here. Stateless.
 */
public final class MinerPowers implements StoragePower {
    @Override
    public Optional<Power> of(StateView state, Params params, Address miner) {
        int unit = params.get(IdleAuditParams.class).unitBytes();
        return state.find(Miner.key(miner), Miner.class).map(m -> new Power(m.declaredBytes(), m.usedBytes(),
                IdleRules.space(state, miner).countedUnits(m.declaredBytes(), m.usedBytes(), unit) * unit));
    }
}
