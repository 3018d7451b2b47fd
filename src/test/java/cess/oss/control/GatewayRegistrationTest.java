package cess.oss.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cess.oss.model.Gateway;
import cess.oss.model.OssCall;
import cess.platform.EndpointStep;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a gateway node sends for its own registration, from the records it reads (the container side is ChainApiIT's). */
class GatewayRegistrationTest {
    static final String URL = "http://10.0.0.4:8080";
    static final Gateway DEVNET = Gateway.registered("http://127.0.0.1:8080", 0);

    private static Optional<OssCall> next(Optional<Gateway> pending, Optional<Gateway> settled) {
        return GatewayRegistration.call(GatewayRegistration.step(pending, settled, URL), URL);
    }

    @Test
    void registersWhenAbsentOrDeregisteredAndMovesWhenElsewhere() {
        assertEquals(Optional.of(new OssCall.RegisterGateway(URL)), next(Optional.empty(), Optional.empty()));
        Gateway left = DEVNET.deregistered(5);
        assertEquals(Optional.of(new OssCall.RegisterGateway(URL)), next(Optional.of(left), Optional.of(left)),
                "a deregistered record is no registration: the node registers again");
        assertEquals(Optional.of(new OssCall.UpdateGateway(URL)), next(Optional.of(DEVNET), Optional.of(DEVNET)),
                "the genesis's default endpoint is moved to the node's URL");
    }

    @Test
    void sendsNothingWhilePendingOrOnceFinal() {
        Gateway here = Gateway.registered(URL, 3);
        assertEquals(EndpointStep.WAIT, GatewayRegistration.step(Optional.of(here), Optional.empty(), URL));
        assertEquals(Optional.empty(), next(Optional.of(here), Optional.empty()), "its registration is pending");
        assertEquals(Optional.empty(), next(Optional.of(DEVNET.movedTo(URL, 4)), Optional.of(DEVNET)), "its update is pending");
        assertEquals(EndpointStep.DONE, GatewayRegistration.step(Optional.of(here), Optional.of(here), URL));
        assertEquals(Optional.empty(), next(Optional.of(here), Optional.of(here)));
    }
}
