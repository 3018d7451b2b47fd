package cess.oss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OssGenesisTest {
    static final Address ALICE = KeyPair.dev("//Alice").address();
    static final Address BOB = KeyPair.dev("//Bob").address();

    @Test
    void genesisGatewaysAreActiveFromBlockZero() {
        OssGenesis g = new OssGenesis(List.of(new OssGenesis.GatewaySpec(ALICE, "http://127.0.0.1:8080"),
                new OssGenesis.GatewaySpec(BOB, "https://bob.example")));
        Map<StateKey, StateValue> state = new TreeMap<>();
        g.apply(state);
        assertEquals(Gateway.registered("http://127.0.0.1:8080", 0), state.get(Gateway.key(ALICE)));
        assertEquals(Gateway.registered("https://bob.example", 0), state.get(Gateway.key(BOB)));
        assertEquals(2, state.size());
    }

    @Test
    void noSectionIsAnEmptyRegistryAndTheEncodingCountsTheGateways() {
        assertEquals(OssGenesis.NONE, new OssGenesis(null));
        Encoder e = new Encoder();
        OssGenesis.NONE.encode(e);
        assertEquals(0, new Decoder(e.toBytes()).u32());
        Encoder one = new Encoder();
        new OssGenesis(List.of(new OssGenesis.GatewaySpec(ALICE, "http://a:1"))).encode(one);
        Decoder d = new Decoder(one.toBytes());
        assertEquals(1, d.u32());
        assertEquals(ALICE, d.address());
        assertEquals("http://a:1", d.string(GatewayEndpoint.MAX_LENGTH));
        d.end();
    }

    @Test
    void refusesABadEndpointOrAnAccountListedTwiceNamingIt() {
        var bad = assertThrows(IllegalArgumentException.class,
                () -> new OssGenesis(List.of(new OssGenesis.GatewaySpec(ALICE, "http://h/#x"))));
        assertTrue(bad.getMessage().startsWith("genesis gateway " + ALICE + ": ") && bad.getMessage().contains("fragment"),
                bad.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> new OssGenesis(List.of(
                new OssGenesis.GatewaySpec(ALICE, "http://a:1"), new OssGenesis.GatewaySpec(ALICE, "http://a:2"))));
        assertEquals("genesis registers gateway " + ALICE + " twice", twice.getMessage());
    }
}
