package cess.governance.model;

import cess.ledger.model.BlockStart;
import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Module;
import cess.ledger.model.Params;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateView;
import cess.ledger.model.TxRejection;
import cess.shared.Amount;
import cess.shared.Decoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * DAO governance as a runtime module: proposals, votes and cancellations
 * ({@link GovernanceRules#apply}); at every block's start it decides the votes that are over and
 * enacts what is due. It changes any {@link GovernableParam} a module registers, by its name,
 * and overlays the enacted changes on the genesis's parameters ({@link #effective}). Its own
 * parameters are {@link GovernanceParams}. Stateless.
 */
public final class Governance implements Module {
    public static final int INDEX = 4;
    public static final StateKind PROPOSAL = StateKind.of(INDEX, 0, "proposal", Proposal::decode);
    public static final StateKind VOTE = StateKind.of(INDEX, 1, "vote", Vote::decode);
    public static final StateKind AGENDA = StateKind.of(INDEX, 2, "agenda", AgendaItem::decode);
    public static final StateKind GOVERNANCE = StateKind.of(INDEX, 3, "governance", GovernanceState::decode);

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "governance";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(PROPOSAL, VOTE, AGENDA, GOVERNANCE);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        return GovernanceCall.decodeBody(call, d);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        return GovernanceRules.apply(ctx, (GovernanceCall) call);
    }

    @Override
    public void beginBlock(BlockStart block) {
        GovernanceRules.beginBlock(block);
    }

    /**
     * The parameters with every change governance has enacted on {@code state}, in name order. An
     * override of a parameter no module registers any more (a runtime upgrade dropped it) is
     * skipped: the chain must keep running on it.
     */
    @Override
    public Params effective(StateView state, Params params) {
        Params p = params;
        for (Map.Entry<String, String> o : GovernanceState.of(state).overrides().entrySet()) {
            Optional<GovernableParam> param = p.governable(o.getKey());
            if (param.isPresent()) {
                p = param.get().apply(p, o.getValue());
            }
        }
        return p;
    }

    @Override
    public List<GovernableParam> governable() {
        return List.of(
                param("governance.bondPercent", "a funding proposal's bond as a share of what it asks",
                        g -> Integer.toString(g.bondPercent()),
                        (g, v) -> new GovernanceParams(GovernableParam.smallInt("governance.bondPercent", v),
                                g.minProposalBond(), g.votingMillis(), g.enactmentDelayMillis(), g.quorumPercent(),
                                g.forfeitPercent())),
                param("governance.minProposalBond", "the least bond of a proposal (units)",
                        g -> g.minProposalBond().units().toString(),
                        (g, v) -> new GovernanceParams(g.bondPercent(), Amount.parseUnits(v), g.votingMillis(),
                                g.enactmentDelayMillis(), g.quorumPercent(), g.forfeitPercent())),
                param("governance.votingMillis", "how long a proposal is open to votes (ms)",
                        g -> Long.toString(g.votingMillis()),
                        (g, v) -> new GovernanceParams(g.bondPercent(), g.minProposalBond(),
                                GovernableParam.millis("governance.votingMillis", v), g.enactmentDelayMillis(),
                                g.quorumPercent(), g.forfeitPercent())),
                param("governance.enactmentDelayMillis", "how long a passed proposal waits to be enacted (ms)",
                        g -> Long.toString(g.enactmentDelayMillis()),
                        (g, v) -> new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                                GovernableParam.millis("governance.enactmentDelayMillis", v), g.quorumPercent(),
                                g.forfeitPercent())),
                param("governance.quorumPercent", "the turnout a decision needs, as a share of the total issuance",
                        g -> Integer.toString(g.quorumPercent()),
                        (g, v) -> new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                                g.enactmentDelayMillis(), GovernableParam.smallInt("governance.quorumPercent", v),
                                g.forfeitPercent())),
                param("governance.forfeitPercent", "the share of nays at which a rejected proposal forfeits its bond",
                        g -> Integer.toString(g.forfeitPercent()),
                        (g, v) -> new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                                g.enactmentDelayMillis(), g.quorumPercent(),
                                GovernableParam.smallInt("governance.forfeitPercent", v))));
    }

    private static GovernableParam param(String key, String meaning, Function<GovernanceParams, String> read,
                                         BiFunction<GovernanceParams, String, GovernanceParams> write) {
        return GovernableParam.of(key, meaning, GovernanceParams.class, read, write);
    }
}
