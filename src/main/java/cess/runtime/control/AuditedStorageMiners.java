package cess.runtime.control;

import cess.audit.control.StorageMiners;
import cess.consensus.control.ChainReads;
import cess.shared.Address;
import cess.storage.model.Miner;
import cess.storage.model.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The storage market's miners as the audit's views see them ({@link StorageMiners}), read from the
 * final head: the runtime is the one place that knows both modules, so the wiring lives here.
 * Thread-safe (each call reads one head through {@link ChainReads}).
 */
@ApplicationScoped
public class AuditedStorageMiners implements StorageMiners {
    /** More miners than any network registers: the listing is one read, like {@code /api/storage/miners}. */
    static final int MAX_MINERS = 100_000;

    @Inject
    ChainReads reads;

    @Override
    public List<Registered> miners() {
        return reads.entries(Storage.MINER, "", false, MAX_MINERS).stream()
                .map(e -> registered(Address.parse(e.getKey().id()), (Miner) e.getValue())).toList();
    }

    @Override
    public Optional<Registered> miner(Address account) {
        return reads.read(false, v -> v.find(Miner.key(account), Miner.class)).map(m -> registered(account, m));
    }

    private static Registered registered(Address account, Miner m) {
        return new Registered(account, m.state().name().toLowerCase(Locale.ROOT), m.usedBytes(), m.declaredBytes());
    }
}
