package cess.runtime.wire;

import cess.ledger.wire.Jsons;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.audit.model.AuditParams;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.idle.IdleParams;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.runtime.model.ChainTiming;
import cess.runtime.model.Runtime;
import cess.runtime.model.RuntimeGenesis;
import cess.oss.model.OssGenesis;
import cess.storage.model.StorageGenesis;
import cess.ledger.wire.Json;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.staking.model.StakingParams;
import cess.storage.model.RestoralParams;
import cess.storage.model.StorageParams;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the genesis JSON:
 * <pre>{"chainId":"cess-devnet","timestamp":1767225600000,
 *  "ledger":{"minFee":"…","treasuryFeePercent":80},
 *  "consensus":{"blockTimeMillis":1000,"maxBlockTxs":5000,"epochBlocks":600},
 *  "balances":[{"address":"cX…","free":"…"}],
 *  "validators":[{"address":"cX…","stake":"…","onion":"0x…"}],
 *  "storage":{"stakePerTiB":"…","pricePerGibDay":"…","minTerritoryDays":30,"territoryGraceDays":7},
 *  "staking":{"minBond":"…"},
 *  "audit":{"samples":180,"periodBlocks":60,"deadlineBaseBlocks":20,"serviceBytesPerBlock":4194304,
 *           "secondMissBps":500,"laterMissBps":1500,"failedServiceBps":500,"failedIdleBps":1000,
 *           "serviceStrikes":1,"forcedExitMisses":100,"maxProofBytes":524288,
 *           "idle":{"unitBytes":1048576,"parents":5,"samples":66,"rounds":22,"deadlineBaseBlocks":20,
 *                   "idleBytesPerBlock":33935544,"maxRootsPerCommit":64}},
 *  "restoral":{"claimBlocks":60,"reward":"…","exitCoolingBlocks":120,"missesBeforeRepair":2},
 *  "governance":{"bondPercent":5,"minProposalBond":"…","votingMillis":60000,"enactmentDelayMillis":5000,
 *                "quorumPercent":10,"forfeitPercent":67},
 *  "miners":[{"address":"cX…","endpoint":"http://…","declaredBytes":1099511627776,"stake":"…"}],
 *  "territories":[{"owner":"cX…","name":"default","gib":1024,"days":365}],
 *  "gateways":[{"address":"cX…","endpoint":"http://…"}]}</pre>
 * {@code miners}, {@code territories}, {@code gateways}, {@code staking}, {@code governance}, {@code audit} and
 * {@code restoral} may be left out (the first three are then empty, the last four take their production defaults;
 * audit's for the block time), and so may {@code audit.idle} (production's idle-space parameters for the block
 * time). The network idle filler is bound to is not written: it is derived from the chain id
 * ({@link IdleAuditParams#network}).
 */
public final class GenesisJson {
    private GenesisJson() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the document */
    public static Genesis read(InputStream in) {
        JsonObject o;
        try (var reader = Jsons.createReader(in)) {
            o = reader.readObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("genesis is not valid JSON: " + e.getMessage());
        }
        return fromJson(o);
    }

    public static Genesis fromJson(JsonObject o) {
        JsonObject l = Json.object(o, "ledger");
        JsonObject c = Json.object(o, "consensus");
        TreeMap<Address, Amount> balances = new TreeMap<>();
        for (JsonObject b : objects(o, "balances")) {
            Address a = Json.address(b, "address");
            if (balances.put(a, Json.amount(b, "free")) != null) {
                throw new IllegalArgumentException("genesis lists the balance of " + a + " twice");
            }
        }
        List<Genesis.ValidatorSpec> validators = new ArrayList<>();
        for (JsonObject v : objects(o, "validators")) {
            validators.add(new Genesis.ValidatorSpec(Json.address(v, "address"), Json.amount(v, "stake"),
                    Json.hash(v, "onion")));
        }
        JsonObject st = Json.object(o, "storage");
        StorageParams storage = new StorageParams(Json.amount(st, "stakePerTiB"), Json.amount(st, "pricePerGibDay"),
                Json.intInRange(st, "minTerritoryDays", 1, 36_500),
                st.containsKey("territoryGraceDays") ? Json.intInRange(st, "territoryGraceDays", 0, 3_650)
                        : StorageParams.DEFAULT_GRACE_DAYS);
        List<StorageGenesis.MinerSpec> miners = new ArrayList<>();
        for (JsonObject m : optionalObjects(o, "miners")) {
            miners.add(new StorageGenesis.MinerSpec(Json.address(m, "address"), Json.string(m, "endpoint"),
                    Json.nonNegativeLong(m, "declaredBytes"), Json.amount(m, "stake")));
        }
        List<StorageGenesis.TerritorySpec> territories = new ArrayList<>();
        for (JsonObject t : optionalObjects(o, "territories")) {
            territories.add(new StorageGenesis.TerritorySpec(Json.address(t, "owner"), Json.string(t, "name"),
                    Json.nonNegativeLong(t, "gib"), Json.nonNegativeLong(t, "days")));
        }
        ConsensusParams consensus = new ConsensusParams(Json.nonNegativeLong(c, "blockTimeMillis"),
                Json.intInRange(c, "maxBlockTxs", 1, 100_000), Json.nonNegativeLong(c, "epochBlocks"));
        Params params = Runtime.STANDARD.params(List.of(
                new FeeParams(Json.amount(l, "minFee"), Json.intInRange(l, "treasuryFeePercent", 0, 100)),
                storage,
                o.containsKey("restoral") ? restoral(Json.object(o, "restoral")) : RestoralParams.DEFAULT,
                o.containsKey("staking") ? new StakingParams(Json.amount(Json.object(o, "staking"), "minBond"))
                        : StakingParams.DEFAULT,
                o.containsKey("governance") ? governance(Json.object(o, "governance")) : GovernanceParams.DEFAULT,
                o.containsKey("audit") ? audit(Json.object(o, "audit"))
                        : AuditParams.production(Math.max(1, consensus.blockTimeMillis())),
                idle(o, consensus.blockTimeMillis(), IdleAuditParams.network(Json.string(o, "chainId"))),
                new ChainTiming(consensus.blockTimeMillis())));
        return new Genesis(Json.string(o, "chainId"), Json.nonNegativeLong(o, "timestamp"), consensus, validators,
                new RuntimeGenesis(params, balances, new StorageGenesis(miners, territories), gateways(o)));
    }

    /** The {@code gateways} section; a genesis without one registers none. */
    private static OssGenesis gateways(JsonObject o) {
        try {
            List<OssGenesis.GatewaySpec> gateways = new ArrayList<>();
            for (JsonObject g : optionalObjects(o, "gateways")) {
                gateways.add(new OssGenesis.GatewaySpec(Json.address(g, "address"), Json.string(g, "endpoint")));
            }
            return new OssGenesis(gateways);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateways: " + e.getMessage(), e);
        }
    }

    private static GovernanceParams governance(JsonObject g) {
        try {
            return new GovernanceParams(Json.intInRange(g, "bondPercent", 0, 100), Json.amount(g, "minProposalBond"),
                    Json.nonNegativeLong(g, "votingMillis"), Json.nonNegativeLong(g, "enactmentDelayMillis"),
                    Json.intInRange(g, "quorumPercent", 1, 100), Json.intInRange(g, "forfeitPercent", 51, 100));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("governance: " + e.getMessage(), e);
        }
    }

    private static RestoralParams restoral(JsonObject r) {
        try {
            return new RestoralParams(Json.nonNegativeLong(r, "claimBlocks"), Json.amount(r, "reward"),
                    Json.nonNegativeLong(r, "exitCoolingBlocks"),
                    Json.intInRange(r, "missesBeforeRepair", 1, RestoralParams.MAX_MISSES_BEFORE_REPAIR));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("restoral: " + e.getMessage(), e);
        }
    }

    private static AuditParams audit(JsonObject a) {
        try {
            return new AuditParams(Json.intInRange(a, "samples", 1, AuditParams.MAX_SAMPLES), Json.nonNegativeLong(a, "periodBlocks"),
                    Json.nonNegativeLong(a, "deadlineBaseBlocks"), Json.nonNegativeLong(a, "serviceBytesPerBlock"),
                    Json.intInRange(a, "secondMissBps", 0, AuditParams.BPS), Json.intInRange(a, "laterMissBps", 0, AuditParams.BPS),
                    Json.intInRange(a, "failedServiceBps", 0, AuditParams.BPS),
                    Json.intInRange(a, "failedIdleBps", 0, AuditParams.BPS), Json.intInRange(a, "serviceStrikes", 1, 1000),
                    Json.intInRange(a, "forcedExitMisses", 1, 1_000_000),
                    Json.intInRange(a, "maxProofBytes", 1, cess.ledger.model.SignedTransaction.MAX_ENCODED_BYTES));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("audit: " + e.getMessage(), e);
        }
    }

    /** {@code audit.idle}, or production's for the block time when absent; the network is the chain id's. */
    private static IdleAuditParams idle(JsonObject o, long blockMillis, Hash network) {
        if (!o.containsKey("audit") || !Json.object(o, "audit").containsKey("idle")) {
            return IdleAuditParams.production(Math.max(1, blockMillis), network);
        }
        JsonObject i = Json.object(Json.object(o, "audit"), "idle");
        try {
            IdleParams proof = new IdleParams(Json.intInRange(i, "unitBytes", IdleParams.MIN_UNIT_BYTES, IdleParams.MAX_UNIT_BYTES),
                    Json.intInRange(i, "parents", IdleParams.MIN_PARENTS, IdleParams.MAX_PARENTS),
                    Json.intInRange(i, "samples", 1, IdleParams.MAX_SAMPLES), Json.intInRange(i, "rounds", 1, IdleParams.MAX_SAMPLES));
            return new IdleAuditParams(proof, network, Json.nonNegativeLong(i, "deadlineBaseBlocks"),
                    Json.nonNegativeLong(i, "idleBytesPerBlock"),
                    Json.intInRange(i, "maxRootsPerCommit", 1, IdleAuditParams.MAX_ROOTS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("audit.idle: " + e.getMessage(), e);
        }
    }

    public static JsonObject toJson(Genesis g) {
        RuntimeGenesis app = RuntimeGenesis.of(g);
        var balances = Jsons.createArrayBuilder();
        for (Map.Entry<Address, Amount> b : app.balances().entrySet()) {
            balances.add(Jsons.createObjectBuilder().add("address", b.getKey().ss58())
                    .add("free", b.getValue().toString()));
        }
        var validators = Jsons.createArrayBuilder();
        for (Genesis.ValidatorSpec v : g.validators()) {
            validators.add(Jsons.createObjectBuilder().add("address", v.account().ss58())
                    .add("stake", v.stake().toString()).add("onion", v.onion().hex()));
        }
        var miners = Jsons.createArrayBuilder();
        for (StorageGenesis.MinerSpec m : app.storage().miners()) {
            miners.add(Jsons.createObjectBuilder().add("address", m.account().ss58())
                    .add("endpoint", m.endpoint()).add("declaredBytes", m.declaredBytes()).add("stake", m.stake().toString()));
        }
        var territories = Jsons.createArrayBuilder();
        for (StorageGenesis.TerritorySpec t : app.storage().territories()) {
            territories.add(Jsons.createObjectBuilder().add("owner", t.owner().ss58()).add("name", t.name())
                    .add("gib", t.gib()).add("days", t.days()));
        }
        var gateways = Jsons.createArrayBuilder();
        for (OssGenesis.GatewaySpec gw : app.gateways().gateways()) {
            gateways.add(Jsons.createObjectBuilder().add("address", gw.account().ss58()).add("endpoint", gw.endpoint()));
        }
        StorageParams sp = app.params().get(StorageParams.class);
        FeeParams fees = app.params().get(FeeParams.class);
        StakingParams staking = app.params().get(StakingParams.class);
        GovernanceParams gov = app.params().get(GovernanceParams.class);
        AuditParams audit = app.params().get(AuditParams.class);
        RestoralParams restoral = app.params().get(RestoralParams.class);
        IdleAuditParams idle = app.params().get(IdleAuditParams.class);
        return Jsons.createObjectBuilder()
                .add("chainId", g.chainId())
                .add("timestamp", g.timestampMillis())
                .add("ledger", Jsons.createObjectBuilder()
                        .add("minFee", fees.minFee().toString())
                        .add("treasuryFeePercent", fees.treasuryFeePercent()))
                .add("consensus", Jsons.createObjectBuilder()
                        .add("blockTimeMillis", g.consensus().blockTimeMillis())
                        .add("maxBlockTxs", g.consensus().maxBlockTxs())
                        .add("epochBlocks", g.consensus().epochBlocks()))
                .add("balances", balances)
                .add("validators", validators)
                .add("storage", Jsons.createObjectBuilder()
                        .add("stakePerTiB", sp.stakePerTiB().toString())
                        .add("pricePerGibDay", sp.pricePerGibDay().toString())
                        .add("minTerritoryDays", sp.minTerritoryDays())
                        .add("territoryGraceDays", sp.territoryGraceDays()))
                .add("staking", Jsons.createObjectBuilder()
                        .add("minBond", staking.minBond().toString()))
                .add("governance", Jsons.createObjectBuilder()
                        .add("bondPercent", gov.bondPercent())
                        .add("minProposalBond", gov.minProposalBond().toString())
                        .add("votingMillis", gov.votingMillis())
                        .add("enactmentDelayMillis", gov.enactmentDelayMillis())
                        .add("quorumPercent", gov.quorumPercent())
                        .add("forfeitPercent", gov.forfeitPercent()))
                .add("audit", Jsons.createObjectBuilder()
                        .add("samples", audit.samples())
                        .add("periodBlocks", audit.periodBlocks())
                        .add("deadlineBaseBlocks", audit.deadlineBaseBlocks())
                        .add("serviceBytesPerBlock", audit.serviceBytesPerBlock())
                        .add("secondMissBps", audit.secondMissBps())
                        .add("laterMissBps", audit.laterMissBps())
                        .add("failedServiceBps", audit.failedServiceBps())
                        .add("failedIdleBps", audit.failedIdleBps())
                        .add("serviceStrikes", audit.serviceStrikes())
                        .add("forcedExitMisses", audit.forcedExitMisses())
                        .add("maxProofBytes", audit.maxProofBytes())
                        .add("idle", Jsons.createObjectBuilder()
                                .add("unitBytes", idle.proof().unitBytes())
                                .add("parents", idle.proof().parents())
                                .add("samples", idle.proof().samples())
                                .add("rounds", idle.proof().rounds())
                                .add("deadlineBaseBlocks", idle.deadlineBaseBlocks())
                                .add("idleBytesPerBlock", idle.idleBytesPerBlock())
                                .add("maxRootsPerCommit", idle.maxRootsPerCommit())))
                .add("restoral", Jsons.createObjectBuilder()
                        .add("claimBlocks", restoral.claimBlocks())
                        .add("reward", restoral.reward().toString())
                        .add("exitCoolingBlocks", restoral.exitCoolingBlocks())
                        .add("missesBeforeRepair", restoral.missesBeforeRepair()))
                .add("miners", miners)
                .add("territories", territories)
                .add("gateways", gateways)
                .build();
    }

    private static List<JsonObject> optionalObjects(JsonObject o, String name) {
        return o.containsKey(name) ? objects(o, name) : List.of();
    }

    private static List<JsonObject> objects(JsonObject o, String name) {
        JsonValue v = Json.field(o, name);
        if (!(v instanceof JsonArray arr)) {
            throw new IllegalArgumentException("field '" + name + "' must be an array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue item : arr) {
            if (!(item instanceof JsonObject obj)) {
                throw new IllegalArgumentException("every entry of '" + name + "' must be an object");
            }
            out.add(obj);
        }
        return out;
    }
}
