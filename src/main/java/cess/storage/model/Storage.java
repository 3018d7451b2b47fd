package cess.storage.model;

import cess.ledger.model.BlockStart;
import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Module;
import cess.ledger.model.StateKind;
import cess.ledger.model.TxRejection;
import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * The storage market as a runtime module: miners, territories, buckets, objects and file deals
 * ({@link StorageRules}); at each epoch start it deletes what expired territories left after
 * their grace. Its parameters are {@link StorageParams}. Stateless.
 */
public final class Storage implements Module {
    public static final int INDEX = 2;
    public static final StateKind MINER = StateKind.of(INDEX, 0, "miner", Miner::decode);
    public static final StateKind TERRITORY = StateKind.of(INDEX, 1, "territory", Territory::decode);
    public static final StateKind BUCKET = StateKind.of(INDEX, 2, "bucket", Bucket::decode);
    public static final StateKind FILE = StateKind.of(INDEX, 3, "file", FileRecord::decode);
    public static final StateKind OBJECT = StateKind.of(INDEX, 4, "object", ObjectEntry::decode);
    public static final StateKind GRANT = StateKind.of(INDEX, 5, "grant", Grant::decode);
    /** The one owner of a bucket name across accounts ({@link BucketName}). */
    public static final StateKind BUCKET_NAME = StateKind.of(INDEX, 6, "bucket_name", BucketName::decode);
    /** A miner's holdings index ({@link HoldingIndex}): position, reverse slot, count. */
    public static final StateKind HOLDING = StateKind.of(INDEX, 7, "holding", Holding::decode);
    public static final StateKind HOLDING_SLOT = StateKind.of(INDEX, 8, "holding_slot", HoldingSlot::decode);
    public static final StateKind HOLDING_TALLY = StateKind.of(INDEX, 9, "holding_tally", HoldingTally::decode);
    /** An order to rebuild a lost fragment elsewhere ({@link RestoralRules}). */
    public static final StateKind RESTORAL = StateKind.of(INDEX, 10, "restoral", RestoralOrder::decode);
    /** An exiting miner's cooling period ({@link MinerExit}). */
    public static final StateKind MINER_EXIT = StateKind.of(INDEX, 11, "miner_exit", MinerExit::decode);
    /** A miner presumed to have lost its data after missed challenges ({@link MinerAbsence}). */
    public static final StateKind MINER_ABSENCE = StateKind.of(INDEX, 12, "miner_absence", MinerAbsence::decode);
    /** Restoral orders completed, in all and in the recent blocks ({@link RestoralTally}): the repair rate. */
    public static final StateKind RESTORAL_TALLY = StateKind.of(INDEX, 13, "restoral_tally", RestoralTally::decode);

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(MINER, TERRITORY, BUCKET, FILE, OBJECT, GRANT, BUCKET_NAME, HOLDING, HOLDING_SLOT, HOLDING_TALLY,
                RESTORAL, MINER_EXIT, MINER_ABSENCE, RESTORAL_TALLY);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        return StorageCall.decodeBody(call, d);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        return StorageRules.apply(ctx, (StorageCall) call);
    }

    /** None yet: changing prices under running territories needs its own migration rule. */
    @Override
    public List<GovernableParam> governable() {
        return List.of();
    }

    @Override
    public void startEpoch(BlockStart block) {
        TerritoryRules.sweepExpiredTerritories(block.before(), block.state(), block.nowMillis(),
                block.params().get(StorageParams.class));
    }
}
