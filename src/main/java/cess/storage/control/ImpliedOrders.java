package cess.storage.control;

import cess.consensus.control.ChainReads;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.storage.model.HoldingIndex;
import cess.storage.model.RestoralOrder;
import cess.storage.model.RestoralRules;
import cess.storage.model.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restoral orders implied by exiting miners and by miners presumed lost after missed service
 * challenges, which the chain writes only when one is claimed ({@link RestoralRules#orderFor}):
 * read from the finalized state, miner by miner, holding by holding, leaving out the fragments
 * that have a written order. Bounded by the caller. Stateless.
 */
final class ImpliedOrders {
    /** Miners looked at: every registered one, up to this many. */
    static final int MAX_MINERS = 100_000;

    /** Up to {@code max} implied orders at height {@code h}, and whether there were more. */
    record Read(List<RestoralOrder> orders, boolean truncated) {
    }

    private ImpliedOrders() {
    }

    static Read read(ChainReads reads, long h, int max) {
        List<RestoralOrder> out = new ArrayList<>();
        boolean truncated = false;
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Storage.MINER, "", false, MAX_MINERS)) {
            Address miner = Address.parse(e.getKey().id());
            truncated |= reads.read(false, v -> {
                if (RestoralRules.implied(v, miner, h).isEmpty()) {
                    return false; // neither exiting nor presumed lost
                }
                long count = HoldingIndex.tally(v, miner).count();
                for (long seq = 0; seq < count; seq++) {
                    if (out.size() >= max) {
                        return true;
                    }
                    HoldingIndex.at(v, miner, seq).ifPresent(hd -> {
                        if (v.get(RestoralOrder.key(hd.fid(), hd.segment(), hd.fragment())) == null) {
                            RestoralRules.orderFor(v, hd.fid(), hd.segment(), hd.fragment(), h).ifPresent(out::add);
                        }
                    });
                }
                return false;
            });
            if (truncated) {
                break;
            }
        }
        return new Read(List.copyOf(out), truncated);
    }
}
