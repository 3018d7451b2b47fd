package cess.storage.control;

import cess.consensus.control.ChainReads;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.storage.model.FileRecord;
import cess.storage.model.Redundancy;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralTally;
import cess.storage.model.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the network's {@link Redundancy} from the finalized state: the written restoral orders,
 * and the orders implied by exiting miners and by miners presumed lost after missed challenges,
 * enumerated from their holdings, both bounded by {@value #MAX_ORDERS} (beyond, the view says it
 * is partial). Thread-safe; no state of its own.
 */
@ApplicationScoped
public class RedundancyReads {
    /** The orders read for one view, written and implied together. */
    static final int MAX_ORDERS = 20_000;

    @Inject
    ChainReads reads;

    /** The view at the head, the repair rate over the last {@code windowBlocks} blocks. */
    public Redundancy now(long windowBlocks) {
        long h = reads.head().height();
        List<RestoralOrder> written = new ArrayList<>();
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Storage.RESTORAL, "", false, MAX_ORDERS + 1)) {
            written.add((RestoralOrder) e.getValue());
        }
        boolean partial = written.size() > MAX_ORDERS;
        if (partial) {
            written = written.subList(0, MAX_ORDERS);
        }
        ImpliedOrders.Read implied = ImpliedOrders.read(reads, h, MAX_ORDERS - written.size());
        partial |= implied.truncated();
        List<RestoralOrder> w = written;
        boolean truncated = partial;
        return reads.read(false, v -> Redundancy.of(h, w, implied.orders(),
                fid -> v.find(FileRecord.key(fid), FileRecord.class).map(FileRecord::layout),
                v.find(RestoralTally.KEY, RestoralTally.class).orElse(RestoralTally.NONE), windowBlocks, truncated));
    }
}
