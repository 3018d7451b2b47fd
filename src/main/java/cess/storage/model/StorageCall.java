package cess.storage.model;

import cess.ledger.model.Call;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.Optional;

/**
 * The storage market's transactions. Owner-side calls ({@link CreateBucket}, {@link PutObject},
 * {@link DeleteObject}, {@link DeleteBucket}) may be sent by the owner or by a gateway the owner
 * granted ({@link GrantGateway}); the rest act on the sender's own miner or territory.
 */
public sealed interface StorageCall extends Call {
    int REGISTER_MINER = 0;
    int EXIT_MINER = 1;
    int BUY_TERRITORY = 2;
    int EXPAND_TERRITORY = 3;
    int RENEW_TERRITORY = 4;
    int GRANT_GATEWAY = 5;
    int REVOKE_GATEWAY = 6;
    int CREATE_BUCKET = 7;
    int DELETE_BUCKET = 8;
    int PUT_OBJECT = 9;
    int DELETE_OBJECT = 10;
    int UPDATE_MINER = 11;
    int ADD_STAKE = 12;
    int DECLARE_SPACE = 13;
    int CLAIM_RESTORAL = 14;
    int COMPLETE_RESTORAL = 15;
    int WITHDRAW_MINER = 16;

    @Override
    default int module() {
        return Storage.INDEX;
    }

    static Call decodeBody(int tag, Decoder d) {
        return switch (tag) {
            case REGISTER_MINER -> new RegisterMiner(d.string(Names.MAX_ENDPOINT), d.u64(), d.amount());
            case EXIT_MINER -> new ExitMiner();
            case BUY_TERRITORY -> new BuyTerritory(d.string(Names.MAX_NAME), d.u32(), d.u32());
            case EXPAND_TERRITORY -> new ExpandTerritory(d.string(Names.MAX_NAME), d.u32());
            case RENEW_TERRITORY -> new RenewTerritory(d.string(Names.MAX_NAME), d.u32());
            case GRANT_GATEWAY -> new GrantGateway(d.address());
            case REVOKE_GATEWAY -> new RevokeGateway(d.address());
            case CREATE_BUCKET -> new CreateBucket(d.address(), d.string(Names.MAX_NAME), d.string(Names.MAX_NAME));
            case DELETE_BUCKET -> new DeleteBucket(d.address(), d.string(Names.MAX_NAME));
            case PUT_OBJECT -> {
                Address owner = d.address();
                String bucket = d.string(Names.MAX_NAME);
                String key = d.string(Names.MAX_KEY_BYTES);
                Hash fid = d.hash();
                long size = d.u64();
                ObjectMeta meta = ObjectMeta.decode(d);
                Optional<FileLayout> layout = d.u8() == 1 ? Optional.of(FileLayout.decode(d)) : Optional.empty();
                yield new PutObject(owner, bucket, key, fid, size, meta, layout);
            }
            case DELETE_OBJECT -> new DeleteObject(d.address(), d.string(Names.MAX_NAME), d.string(Names.MAX_KEY_BYTES));
            case UPDATE_MINER -> new UpdateMiner(d.string(Names.MAX_ENDPOINT));
            case ADD_STAKE -> new AddStake(d.amount());
            case DECLARE_SPACE -> new DeclareSpace(d.u64());
            case WITHDRAW_MINER -> new WithdrawMiner();
            case CLAIM_RESTORAL -> new ClaimRestoral(d.hash(), index(d.u32()), index(d.u32()));
            case COMPLETE_RESTORAL -> new CompleteRestoral(d.hash(), index(d.u32()), index(d.u32()), d.hash());
            default -> throw new IllegalArgumentException("storage has no call " + tag);
        };
    }

    private static int index(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index " + v + " out of range");
        }
        return (int) v;
    }

    /** Registers the sender as a storage miner, bonding {@code stake} from its free balance. */
    record RegisterMiner(String endpoint, long declaredBytes, Amount stake) implements StorageCall {
        public int index() { return REGISTER_MINER; }
        public String type() { return "register_miner"; }
        public void encodeBody(Encoder e) { e.string(endpoint).u64(declaredBytes).amount(stake); }
    }

    /** The sender's miner takes no new fragments from now on. */
    record ExitMiner() implements StorageCall {
        public int index() { return EXIT_MINER; }
        public String type() { return "exit_miner"; }
        public void encodeBody(Encoder e) { }
    }

    /** The sender's miner is now reached at {@code endpoint} (a node that moved, or changed its public URL). */
    record UpdateMiner(String endpoint) implements StorageCall {
        public int index() { return UPDATE_MINER; }
        public String type() { return "update_miner"; }
        public void encodeBody(Encoder e) { e.string(endpoint); }
    }

    /** Bonds {@code amount} more stake to the sender's miner; a frozen miner whose stake then covers its space thaws. */
    record AddStake(Amount amount) implements StorageCall {
        public int index() { return ADD_STAKE; }
        public String type() { return "add_stake"; }
        public void encodeBody(Encoder e) { e.amount(amount); }
    }

    /**
     * Changes the space the sender's miner declares (never below what it holds). A miner whose
     * stake no longer covers its declared space is frozen: it keeps serving, takes nothing new.
     */
    record DeclareSpace(long declaredBytes) implements StorageCall {
        public int index() { return DECLARE_SPACE; }
        public String type() { return "declare_space"; }
        public void encodeBody(Encoder e) { e.u64(declaredBytes); }
    }

    /** Buys {@code gib} GiB for {@code days} days under a new territory name. */
    record BuyTerritory(String name, long gib, long days) implements StorageCall {
        public int index() { return BUY_TERRITORY; }
        public String type() { return "buy_territory"; }
        public void encodeBody(Encoder e) { e.string(name).u32(gib).u32(days); }
    }

    /** Adds {@code gib} GiB to a live territory for the rest of its term. */
    record ExpandTerritory(String name, long gib) implements StorageCall {
        public int index() { return EXPAND_TERRITORY; }
        public String type() { return "expand_territory"; }
        public void encodeBody(Encoder e) { e.string(name).u32(gib); }
    }

    /** Extends a territory by {@code days} days (from now, if it has already expired). */
    record RenewTerritory(String name, long days) implements StorageCall {
        public int index() { return RENEW_TERRITORY; }
        public String type() { return "renew_territory"; }
        public void encodeBody(Encoder e) { e.string(name).u32(days); }
    }

    record GrantGateway(Address gateway) implements StorageCall {
        public int index() { return GRANT_GATEWAY; }
        public String type() { return "grant_gateway"; }
        public void encodeBody(Encoder e) { e.address(gateway); }
    }

    record RevokeGateway(Address gateway) implements StorageCall {
        public int index() { return REVOKE_GATEWAY; }
        public String type() { return "revoke_gateway"; }
        public void encodeBody(Encoder e) { e.address(gateway); }
    }

    /** Creates an owner's bucket whose objects use the space of {@code territory}. */
    record CreateBucket(Address owner, String bucket, String territory) implements StorageCall {
        public int index() { return CREATE_BUCKET; }
        public String type() { return "create_bucket"; }
        public void encodeBody(Encoder e) { e.address(owner).string(bucket).string(territory); }
    }

    record DeleteBucket(Address owner, String bucket) implements StorageCall {
        public int index() { return DELETE_BUCKET; }
        public String type() { return "delete_bucket"; }
        public void encodeBody(Encoder e) { e.address(owner).string(bucket); }
    }

    /**
     * The file deal: names {@code fid} as {@code bucket/key} of {@code owner}, replacing what the
     * key named before. The layout is required unless the file is already on chain (a second
     * owner or a copy, which stores no bytes again).
     */
    record PutObject(Address owner, String bucket, String key, Hash fid, long size, ObjectMeta meta,
                     Optional<FileLayout> layout) implements StorageCall {
        public int index() { return PUT_OBJECT; }
        public String type() { return "put_object"; }
        public void encodeBody(Encoder e) {
            e.address(owner).string(bucket).string(key).hash(fid).u64(size);
            meta.encode(e);
            if (layout.isPresent()) {
                e.u8(1);
                layout.get().encode(e);
            } else {
                e.u8(0);
            }
        }
    }

    record DeleteObject(Address owner, String bucket, String key) implements StorageCall {
        public int index() { return DELETE_OBJECT; }
        public String type() { return "delete_object"; }
        public void encodeBody(Encoder e) { e.address(owner).string(bucket).string(key); }
    }

    /** A miner takes the restoral order for one lost fragment ({@link RestoralRules#claim}). */
    record ClaimRestoral(Hash fid, int segment, int fragment) implements StorageCall {
        public int index() { return CLAIM_RESTORAL; }
        public String type() { return "claim_restoral"; }
        public void encodeBody(Encoder e) { e.hash(fid).u32(segment).u32(fragment); }
    }

    /** The claimant reports the fragment rebuilt and stored, with its commitment ({@link RestoralRules#complete}). */
    record CompleteRestoral(Hash fid, int segment, int fragment, Hash root) implements StorageCall {
        public int index() { return COMPLETE_RESTORAL; }
        public String type() { return "complete_restoral"; }
        public void encodeBody(Encoder e) { e.hash(fid).u32(segment).u32(fragment).hash(root); }
    }

    /** An exited miner takes back its stake ({@code MinerRules#withdrawMiner}). */
    record WithdrawMiner() implements StorageCall {
        public int index() { return WITHDRAW_MINER; }
        public String type() { return "withdraw_miner"; }
        public void encodeBody(Encoder e) { }
    }
}
