package cess.oss.model;

import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.Module;
import cess.ledger.model.StateKind;
import cess.ledger.model.TxRejection;
import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * The gateway registry as a runtime module (CESS's {@code oss} pallet): gateways (DeOSS)
 * register the endpoint at which they serve, change it and deregister, so that clients and
 * other gateways find them on chain. It has no parameters, no block hooks and holds no tokens
 * (see {@link OssRules} on deposits). Stateless.
 */
public final class Oss implements Module {
    public static final int INDEX = 6;
    /** A gateway's record, under its account ({@link Gateway#key}). */
    public static final StateKind GATEWAY = StateKind.of(INDEX, 0, "gateway", Gateway::decode);

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "oss";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(GATEWAY);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        return OssCall.decodeBody(call, d);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        if (call instanceof OssCall.RegisterGateway c) {
            return OssRules.register(ctx.state(), ctx.sender(), c.endpoint(), ctx.height());
        }
        if (call instanceof OssCall.UpdateGateway c) {
            return OssRules.update(ctx.state(), ctx.sender(), c.endpoint(), ctx.height());
        }
        if (call instanceof OssCall.DeregisterGateway) {
            return OssRules.deregister(ctx.state(), ctx.sender(), ctx.height());
        }
        throw new IllegalArgumentException("oss has no call " + call.type());
    }
}
