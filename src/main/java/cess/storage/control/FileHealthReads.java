package cess.storage.control;

import cess.consensus.control.ChainReads;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.model.FileHealth;
import cess.storage.model.FileLayout;
import cess.storage.model.FileRecord;
import cess.storage.model.Fragment;
import cess.storage.model.Miner;
import cess.storage.model.MinerExit;
import cess.storage.model.RestoralOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@link FileHealth} needs of one file from the finalized state, in one view: its
 * layout, the standing of every miner the layout names and the file's written restoral orders
 * (looked up fragment by fragment, so the read costs one lookup per fragment). Thread-safe.
 */
@ApplicationScoped
public class FileHealthReads {
    /** A file's health at a block. */
    public record Reading(long height, FileHealth health) {
    }

    @Inject
    ChainReads reads;

    /** The file's health at the head, or empty when no final file has this id. */
    public Optional<Reading> of(Hash fid) {
        long height = reads.head().height();
        return reads.read(false, v -> v.find(FileRecord.key(fid), FileRecord.class).map(file -> {
            FileLayout layout = file.layout();
            Map<Address, FileHealth.Standing> miners = new HashMap<>();
            List<RestoralOrder> orders = new ArrayList<>();
            for (int i = 0; i < layout.segments().size(); i++) {
                List<Fragment> fs = layout.segments().get(i).fragments();
                for (int j = 0; j < fs.size(); j++) {
                    Address a = fs.get(j).miner();
                    if (!miners.containsKey(a)) {
                        v.find(Miner.key(a), Miner.class).ifPresent(m -> miners.put(a,
                                FileHealth.Standing.of(m, v.find(MinerExit.key(a), MinerExit.class),
                                        v.find(cess.storage.model.MinerAbsence.key(a), cess.storage.model.MinerAbsence.class))));
                    }
                    v.find(RestoralOrder.key(fid, i, j), RestoralOrder.class).ifPresent(orders::add);
                }
            }
            return new Reading(height, FileHealth.of(layout, miners, orders, height));
        }));
    }
}
