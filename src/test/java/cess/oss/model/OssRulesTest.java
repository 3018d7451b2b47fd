package cess.oss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Account;
import cess.ledger.model.Balances;
import cess.ledger.model.CallContext;
import cess.ledger.model.Params;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every rule of the registry and every refusal, through the module as the executive calls it. */
class OssRulesTest {
    static final Address ALICE = KeyPair.dev("//Alice").address();
    static final Address BOB = KeyPair.dev("//Bob").address();
    static final String URL = "https://gw.example:8443";

    private final TreeMap<StateKey, StateValue> state = new TreeMap<>(Map.of(StateKey.account(ALICE),
            new Account(Amount.ofUnits(1_000), 0), StateKey.account(BOB), new Account(Amount.ofUnits(1_000), 0)));
    private final Oss oss = new Oss();

    /** Applies {@code call} from {@code sender} at {@code height}; kept only if accepted, as the executive does. */
    private Optional<TxRejection> apply(Address sender, OssCall call, long height) {
        StateOverlay o = new StateOverlay(state::get);
        Optional<TxRejection> why = oss.apply(new CallContext(o, Balances.currency(o), sender, height, 0,
                Params.of(List.of(), List.of())), call);
        if (why.isEmpty()) {
            StateOverlay.apply(state, o.changes());
        } else {
            assertTrue(o.changes().isEmpty(), "a refused call writes nothing: " + o.changes());
        }
        return why;
    }

    private Gateway gateway(Address a) {
        return (Gateway) state.get(Gateway.key(a));
    }

    private void refused(Address sender, OssCall call, TxError error, String words) {
        Map<StateKey, StateValue> before = new TreeMap<>(state);
        TxRejection r = apply(sender, call, 99).orElseThrow(() -> new AssertionError(call + " was accepted"));
        assertEquals(error, r.error(), r.message());
        assertTrue(r.message().contains(words), r.message());
        assertEquals(before, state, "a refusal changes nothing");
    }

    @Test
    void aGatewayRegistersMovesAndLeavesWithoutADeposit() {
        assertEquals(Optional.empty(), apply(ALICE, new OssCall.RegisterGateway(URL), 10));
        assertEquals(new Gateway(URL, 10, 10, Gateway.State.ACTIVE), gateway(ALICE));
        assertEquals(Amount.ofUnits(1_000), ((Account) state.get(StateKey.account(ALICE))).free(),
                "like CESS's oss pallet, registering reserves nothing (the fee is the executive's)");

        assertEquals(Optional.empty(), apply(ALICE, new OssCall.UpdateGateway("http://10.0.0.7:8080/"), 12));
        assertEquals(new Gateway("http://10.0.0.7:8080/", 10, 12, Gateway.State.ACTIVE), gateway(ALICE));

        assertEquals(Optional.empty(), apply(ALICE, new OssCall.DeregisterGateway(), 15));
        assertEquals(new Gateway("http://10.0.0.7:8080/", 10, 15, Gateway.State.DEREGISTERED), gateway(ALICE),
                "the record stays, saying when it left");

        assertEquals(Optional.empty(), apply(ALICE, new OssCall.RegisterGateway(URL), 20));
        assertEquals(new Gateway(URL, 20, 20, Gateway.State.ACTIVE), gateway(ALICE), "registering again starts anew");
        assertEquals(null, gateway(BOB), "one account's calls touch its own record only");
    }

    @Test
    void oneRegistrationPerAccount() {
        apply(ALICE, new OssCall.RegisterGateway(URL), 1);
        refused(ALICE, new OssCall.RegisterGateway("http://other:1"), TxError.ALREADY_EXISTS, "already a registered gateway at "
                + URL);
        assertEquals(Optional.empty(), apply(BOB, new OssCall.RegisterGateway(URL), 2),
                "another account may serve behind the same endpoint (a load balancer)");
    }

    @Test
    void onlyTheRegisteredAccountUpdatesOrDeregistersItsGateway() {
        apply(ALICE, new OssCall.RegisterGateway(URL), 1);
        refused(BOB, new OssCall.UpdateGateway("http://bob:1"), TxError.NOT_FOUND, BOB + " is not a registered gateway");
        refused(BOB, new OssCall.DeregisterGateway(), TxError.NOT_FOUND, BOB + " is not a registered gateway");
        assertEquals(new Gateway(URL, 1, 1, Gateway.State.ACTIVE), gateway(ALICE));
    }

    @Test
    void aDeregisteredGatewayCannotUpdateOrLeaveAgain() {
        apply(ALICE, new OssCall.RegisterGateway(URL), 1);
        apply(ALICE, new OssCall.DeregisterGateway(), 4);
        refused(ALICE, new OssCall.UpdateGateway("http://x:1"), TxError.NOT_FOUND, "deregistered at block 4");
        refused(ALICE, new OssCall.DeregisterGateway(), TxError.NOT_FOUND, "send register_gateway to register again");
    }

    @Test
    void badEndpointsAreRefusedWithTheirReason() {
        refused(ALICE, new OssCall.RegisterGateway("ftp://gw"), TxError.INVALID_ARGUMENT, "http:// or https://");
        refused(ALICE, new OssCall.RegisterGateway("http://u:p@gw"), TxError.INVALID_ARGUMENT, "user info");
        apply(ALICE, new OssCall.RegisterGateway(URL), 1);
        refused(ALICE, new OssCall.UpdateGateway("http://gw/#x"), TxError.INVALID_ARGUMENT, "fragment");
        refused(ALICE, new OssCall.UpdateGateway(URL), TxError.INVALID_ARGUMENT, "already registered at " + URL);
    }
}
