package cess.staking.boundary;

import cess.staking.model.StakingParams;
import cess.staking.model.Staking;
import cess.ledger.wire.Jsons;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.staking.model.R2s;
import cess.consensus.model.Validator;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.staking.model.Candidate;
import cess.staking.model.Offence;
import cess.staking.model.Randao;
import cess.staking.model.StakingRules;
import cess.staking.model.WorkRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Who validates: the on-duty set of this epoch and the next (drawn by R²S at this epoch's first
 * block), the candidates with stake, credit and the work counted so far this period, the RANDAO
 * mix, and the equivocations punished recently.
 */
@Path("validators")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ValidatorsResource {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;

    @GET
    @Operation(summary = "On-duty validators of this and the next epoch, the candidates with stake and credit, punished equivocations")
    public JsonObject validators(@QueryParam("pending") boolean pending) {
        long height = reads.head().height();
        long epochBlocks = chain.genesis().consensus().epochBlocks();
        long epoch = chain.genesis().consensus().epochOf(height);
        Map<String, StateValue> work = new java.util.HashMap<>();
        reads.entries(Staking.WORK, "", pending, 10_000).forEach(w -> work.put(w.getKey().id(), w.getValue()));
        JsonArrayBuilder candidates = Jsons.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Staking.CANDIDATE, "", pending, 10_000)) {
            Candidate c = (Candidate) e.getValue();
            JsonArrayBuilder scores = Jsons.createArrayBuilder();
            c.scores().forEach(scores::add);
            JsonObjectBuilder o = Jsons.createObjectBuilder().add("account", e.getKey().id())
                    .add("stake", c.stake().toString()).add("credit", R2s.credit(c.scores())).add("scores", scores)
                    .add("onion", c.onion().hex()).add("reveals", c.reveals())
                    .add("revealedThisEpoch", c.revealedInEpoch(epoch))
                    .add("leaving", c.leaving()).add("bondedMillis", c.bondedMillis());
            StateValue w = work.get(e.getKey().id());
            if (w != null) {
                o.add("work", work((WorkRecord) w));
            }
            candidates.add(o);
        }
        JsonArrayBuilder offences = Jsons.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Staking.OFFENCE, "", pending, 1_000)) {
            Offence o = (Offence) e.getValue();
            String[] slot = e.getKey().id().split("/");
            offences.add(Jsons.createObjectBuilder().add("offender", slot[3]).add("height", Long.parseLong(slot[0]))
                    .add("round", Integer.parseInt(slot[1]))
                    .add("vote", Integer.parseInt(slot[2]) == 0 ? "prevote" : "precommit")
                    .add("slashed", o.slashed().toString()).add("inBlock", o.atHeight()));
        }
        Randao mix = reads.read(pending, s -> s.find(Randao.KEY, Randao.class)).orElseThrow();
        return Jsons.createObjectBuilder()
                .add("height", height)
                .add("epoch", epoch)
                .add("epochBlocks", epochBlocks)
                .add("nextEpochStartsAt", (epoch + 1) * epochBlocks)
                .add("maxOnDuty", R2s.MAX_ON_DUTY)
                .add("minBond", reads.params().get(StakingParams.class).minBond().toString())
                .add("onDuty", onDuty(reads.validatorsFor(epoch)))
                .add("nextEpoch", Jsons.createObjectBuilder().add("epoch", epoch + 1)
                        .add("onDuty", onDuty(reads.validatorsFor(epoch + 1))))
                .add("candidates", candidates)
                .add("randao", Jsons.createObjectBuilder().add("mix", mix.mix().hex()).add("reveals", mix.reveals()))
                .add("offences", offences)
                .add("punishmentPool", reads.account(StakingRules.PUNISHMENT_POOL).free().toString())
                .build();
    }

    private static JsonObjectBuilder work(WorkRecord w) {
        return Jsons.createObjectBuilder().add("proposed", w.proposed()).add("proposerTurns", w.proposerTurns())
                .add("votes", w.votes()).add("voteSlots", w.voteSlots()).add("punishments", w.punishments());
    }

    private static JsonArrayBuilder onDuty(Optional<ValidatorSet> set) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        set.ifPresent(s -> {
            for (Validator v : s.validators()) {
                out.add(Jsons.createObjectBuilder().add("account", v.account().ss58()).add("stake", v.stake().toString()));
            }
        });
        return out;
    }
}
