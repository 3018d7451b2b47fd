package cess.governance.boundary;

import cess.ledger.model.FeeParams;
import cess.ledger.model.Balances;
import cess.ledger.model.Account;
import cess.governance.model.Governance;
import cess.ledger.wire.Jsons;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.governance.control.TreasuryLog;
import cess.governance.model.Action;
import cess.governance.model.Proposal;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.platform.ApiException;
import cess.shared.Amount;
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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The treasury (Community Development Fund): an account no key controls, funded by the genesis,
 * 80 % of every fee (the genesis's split, or governance's) and forfeited bonds; it pays only what
 * passed proposals ask. Its balance, what passed proposals still owe, and every movement.
 */
@Path("treasury")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TreasuryResource {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    TreasuryLog treasuryLog;

    @GET
    @Operation(summary = "The treasury's balance, what passed proposals will pay, and its movements (newest first; page with ?before=height)")
    public JsonObject treasury(@QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1_000) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1..1000");
        }
        long height = reads.head().height();
        long below = before == null ? height + 1 : before;
        if (below < 0) {
            throw ApiException.badRequest("invalid_before", "before must be a block height");
        }
        Amount owed = Amount.ZERO;
        JsonArrayBuilder due = Jsons.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Governance.PROPOSAL, "", false, 100_000)) {
            Proposal p = (Proposal) e.getValue();
            if (p.status() == Proposal.Status.PASSED && p.action() instanceof Action.Funding f) {
                owed = owed.plus(f.amount());
                due.add(Jsons.createObjectBuilder().add("proposal", Proposal.idOf(e.getKey()))
                        .add("beneficiary", f.beneficiary().ss58()).add("amount", f.amount().toString())
                        .add("enactAtMillis", p.enactAtMillis()));
            }
        }
        List<TreasuryLog.Entry> log = treasuryLog.movements(below, max + 1);
        Long nextBefore = null;
        if (log.size() > max) {
            // pages end at a block boundary: the oldest block of a full page is left for the next one
            long oldest = log.get(max - 1).height();
            List<TreasuryLog.Entry> whole = log.subList(0, max).stream().filter(m -> m.height() > oldest).toList();
            log = whole.isEmpty() ? log.subList(0, max) : whole;
            nextBefore = whole.isEmpty() ? oldest : oldest + 1;
        }
        JsonArrayBuilder movements = Jsons.createArrayBuilder();
        for (TreasuryLog.Entry m : log) {
            JsonObjectBuilder o = Jsons.createObjectBuilder().add("height", m.height()).add("timestampMillis", m.timestampMillis())
                    .add("kind", m.kind().toLowerCase(java.util.Locale.ROOT)).add("amount", m.amount().toString())
                    .add("balanceAfter", m.balanceAfter().toString());
            m.counterparty().ifPresent(c -> o.add("counterparty", c));
            if (m.proposal() != 0) {
                o.add("proposal", m.proposal());
            }
            movements.add(o);
        }
        Amount genesisFunding = genesisFunding();
        JsonObjectBuilder out = Jsons.createObjectBuilder()
                .add("address", Balances.TREASURY.ss58())
                .add("balance", reads.account(Balances.TREASURY).free().toString())
                .add("genesisFunding", genesisFunding.toString())
                .add("feeSharePercent", reads.params().get(FeeParams.class).treasuryFeePercent())
                .add("owedToPassedProposals", owed.toString())
                .add("passedProposals", due)
                .add("height", height)
                .add("movements", movements);
        if (nextBefore != null) {
            out.add("nextBefore", nextBefore);
        }
        return out.build();
    }

    /** What the genesis put into the treasury: its balance in the state at block 0. */
    private Amount genesisFunding() {
        StateValue v = chain.genesis().initialState().get(StateKey.account(Balances.TREASURY));
        return v == null ? Amount.ZERO : ((Account) v).free();
    }
}
