package cess.staking.model;

import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Module;
import cess.ledger.model.StateKind;
import cess.ledger.model.TxRejection;
import cess.shared.Amount;
import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * Validator candidacy as a runtime module: bonds and unbonds ({@link StakingRules}), the
 * candidates, on-duty sets, RANDAO mix, work records and offences that R²S rotation keeps.
 * Its parameters are {@link StakingParams}. Stateless.
 */
public final class Staking implements Module {
    public static final int INDEX = 3;
    public static final StateKind CANDIDATE = StateKind.of(INDEX, 0, "candidate", Candidate::decode);
    public static final StateKind ON_DUTY = StateKind.of(INDEX, 1, "on_duty", OnDuty::decode);
    public static final StateKind RANDAO = StateKind.of(INDEX, 2, "randao", Randao::decode);
    public static final StateKind WORK = StateKind.of(INDEX, 3, "work", WorkRecord::decode);
    public static final StateKind OFFENCE = StateKind.of(INDEX, 4, "offence", Offence::decode);

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "staking";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(CANDIDATE, ON_DUTY, RANDAO, WORK, OFFENCE);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        return StakingCall.decodeBody(call, d);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        return StakingRules.apply(ctx, (StakingCall) call);
    }

    @Override
    public List<GovernableParam> governable() {
        return List.of(GovernableParam.of("staking.minBond", "the least stake of a validator candidate (units)",
                StakingParams.class, p -> p.minBond().units().toString(), (p, v) -> new StakingParams(Amount.parseUnits(v))));
    }
}
