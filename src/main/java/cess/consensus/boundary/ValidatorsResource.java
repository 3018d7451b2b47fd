package cess.consensus.boundary;

import cess.consensus.control.ChainNode;
import cess.consensus.model.R2s;
import cess.consensus.model.Validator;
import cess.consensus.model.ValidatorSet;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.staking.model.Candidate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Who validates: the on-duty set of this epoch and the next, and the candidates that bonded
 * stake for R²S with their credit. The on-duty set is still the genesis's in every epoch: the
 * rotation by R²S draw (candidates, credit, RANDAO seed) is the next step of issue #5, and this
 * view says so rather than show a draw the chain does not make.
 */
@Path("validators")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ValidatorsResource {
    @Inject
    ChainNode chain;

    @GET
    @Operation(summary = "On-duty validators of this and the next epoch, and the candidates with stake and credit")
    public JsonObject validators(@QueryParam("pending") boolean pending) {
        long height = chain.head().height();
        long epochBlocks = chain.genesis().consensus().epochBlocks();
        ValidatorSet set = chain.genesis().validatorSet();
        JsonArrayBuilder candidates = Json.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : chain.entries(StateKey.Kind.CANDIDATE, "", pending, 10_000)) {
            Candidate c = (Candidate) e.getValue();
            JsonArrayBuilder scores = Json.createArrayBuilder();
            c.scores().forEach(scores::add);
            candidates.add(Json.createObjectBuilder().add("account", e.getKey().id()).add("stake", c.stake().toString())
                    .add("credit", R2s.credit(c.scores())).add("scores", scores).add("onion", c.onion().hex())
                    .add("leaving", c.leaving()).add("bondedMillis", c.bondedMillis()));
        }
        return Json.createObjectBuilder()
                .add("height", height)
                .add("epoch", height / epochBlocks)
                .add("epochBlocks", epochBlocks)
                .add("maxOnDuty", R2s.MAX_ON_DUTY)
                .add("minBond", chain.genesis().ledger().staking().minBond().toString())
                .add("onDuty", onDuty(set))
                .add("nextEpoch", Json.createObjectBuilder().add("epoch", height / epochBlocks + 1)
                        .add("onDuty", onDuty(set))
                        .add("rotation", "not active yet: the genesis validators serve every epoch"))
                .add("candidates", candidates)
                .build();
    }

    private static JsonArrayBuilder onDuty(ValidatorSet set) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (Validator v : set.validators()) {
            out.add(Json.createObjectBuilder().add("account", v.account().ss58()).add("stake", v.stake().toString()));
        }
        return out;
    }
}
