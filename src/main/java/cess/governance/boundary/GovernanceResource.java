package cess.governance.boundary;

import cess.ledger.model.Params;
import cess.ledger.model.GovernableParam;
import cess.governance.model.Governance;
import cess.ledger.wire.Jsons;
import cess.consensus.control.ChainReads;
import cess.governance.model.GovernanceParams;
import cess.governance.model.Proposal;
import cess.governance.model.Tally;
import cess.governance.model.Vote;
import cess.ledger.model.Issuance;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.runtime.wire.TransactionJson;
import cess.platform.ApiException;
import cess.shared.Amount;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * DAO proposals as the chain holds them, with live tallies. Submitting, voting and cancelling
 * are signed transactions ({@code POST /api/transactions} with a {@code propose}, {@code vote}
 * or {@code cancel} call).
 */
@Path("governance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GovernanceResource {
    static final int MAX_LIST = 500;

    @Inject
    ChainReads reads;
    @Inject
    Clock clock;

    @GET
    @Path("proposals")
    @Operation(summary = "Proposals, newest first, optionally only those in one state (voting, passed, rejected, expired, enacted, failed, cancelled)")
    public JsonObject proposals(@QueryParam("state") String state, @QueryParam("limit") Integer limit) {
        Optional<Proposal.Status> filter = status(state);
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIST) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1.." + MAX_LIST);
        }
        List<Map.Entry<StateKey, StateValue>> all = new ArrayList<>(reads.entries(Governance.PROPOSAL, "", false, 100_000));
        Collections.reverse(all);
        Amount issuance = reads.read(false, Issuance::of);
        GovernanceParams g = reads.params().get(GovernanceParams.class);
        long now = clock.millis();
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        int n = 0;
        for (Map.Entry<StateKey, StateValue> e : all) {
            Proposal p = (Proposal) e.getValue();
            if (filter.isPresent() && p.status() != filter.get()) {
                continue;
            }
            if (n++ == max) {
                break;
            }
            out.add(view(Proposal.idOf(e.getKey()), p, issuance, g, now));
        }
        return Jsons.createObjectBuilder().add("height", reads.head().height()).add("proposals", out).build();
    }

    @GET
    @Path("proposals/{id}")
    @Operation(summary = "One proposal with its live tally, time left and votes")
    public JsonObject proposal(@PathParam("id") String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_proposal", "a proposal id is a number, not '" + idText + "'");
        }
        Proposal p = reads.read(false, s -> s.find(Proposal.key(id), Proposal.class))
                .orElseThrow(() -> ApiException.notFound("there is no proposal " + id));
        Amount issuance = reads.read(false, Issuance::of);
        JsonObjectBuilder o = view(id, p, issuance, reads.params().get(GovernanceParams.class), clock.millis());
        JsonArrayBuilder votes = Jsons.createArrayBuilder();
        for (Map.Entry<StateKey, StateValue> e : reads.entries(Governance.VOTE, Vote.prefix(id), false, 10_000)) {
            Vote v = (Vote) e.getValue();
            votes.add(Jsons.createObjectBuilder().add("voter", Vote.voterOf(e.getKey()).ss58())
                    .add("choice", v.choice().name().toLowerCase(Locale.ROOT)).add("locked", v.locked().toString()));
        }
        return o.add("votes", votes).add("height", reads.head().height()).build();
    }

    @GET
    @Path("parameters")
    @Operation(summary = "The chain parameters a proposal may change, with their current values")
    public JsonObject parameters() {
        Params now = reads.params();
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        for (GovernableParam p : now.governable()) {
            out.add(Jsons.createObjectBuilder().add("name", p.key()).add("value", p.current(now)).add("meaning", p.meaning()));
        }
        GovernanceParams g = now.get(GovernanceParams.class);
        return Jsons.createObjectBuilder().add("parameters", out)
                .add("governance", Jsons.createObjectBuilder().add("bondPercent", g.bondPercent())
                        .add("minProposalBond", g.minProposalBond().toString()).add("votingMillis", g.votingMillis())
                        .add("enactmentDelayMillis", g.enactmentDelayMillis()).add("quorumPercent", g.quorumPercent())
                        .add("forfeitPercent", g.forfeitPercent()))
                .build();
    }

    static Optional<Proposal.Status> status(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Proposal.Status.valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_state", "state must be one of voting, passed, rejected, expired, "
                    + "enacted, failed, cancelled; not '" + text + "'");
        }
    }

    static JsonObjectBuilder view(long id, Proposal p, Amount issuance, GovernanceParams g, long now) {
        Tally t = p.tally();
        Amount quorum = new Amount(issuance.units().multiply(BigInteger.valueOf(g.quorumPercent()))
                .add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100)));
        JsonObjectBuilder tally = Jsons.createObjectBuilder().add("ayes", t.ayes().toString()).add("nays", t.nays().toString())
                .add("abstain", t.abstain().toString()).add("turnout", t.turnout().toString())
                .add("quorum", quorum.toString()).add("issuance", issuance.toString())
                .add("quorate", t.quorate(issuance, g.quorumPercent()));
        if (p.status().open()) {
            tally.add("verdictIfEndedNow", t.verdict(issuance, g).name().toLowerCase(Locale.ROOT));
        }
        JsonObjectBuilder o = Jsons.createObjectBuilder().add("id", id).add("proposer", p.proposer().ss58())
                .add("action", cess.governance.wire.GovernanceJson.actionJson(p.action())).add("description", p.description())
                .add("link", p.link()).add("bond", p.bond().toString()).add("submittedMillis", p.submittedMillis())
                .add("votingEndsMillis", p.votingEndsMillis())
                .add("status", p.status().name().toLowerCase(Locale.ROOT)).add("tally", tally).add("voters", p.voters())
                .add("note", p.note());
        if (p.status().open()) {
            o.add("timeLeftMillis", Math.max(0, p.votingEndsMillis() - now));
        }
        if (p.status() == Proposal.Status.PASSED || p.status() == Proposal.Status.ENACTED || p.status() == Proposal.Status.FAILED) {
            o.add("enactAtMillis", p.enactAtMillis());
        }
        if (p.status() == Proposal.Status.PASSED) {
            o.add("enactsInMillis", Math.max(0, p.enactAtMillis() - now));
        }
        return o;
    }
}
