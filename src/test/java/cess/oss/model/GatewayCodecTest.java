package cess.oss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Call;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's records and calls read back what they write, and malformed bytes are refused. */
class GatewayCodecTest {
    @Test
    void recordsRoundTripThroughTheirKind() {
        for (Gateway g : List.of(Gateway.registered("http://127.0.0.1:8080", 0),
                new Gateway("https://gw.example/x", 3, 9, Gateway.State.DEREGISTERED))) {
            assertEquals(g, Oss.GATEWAY.decode(g.encode()));
        }
    }

    @Test
    void malformedRecordsAreRefused() {
        byte[] unknownState = new Encoder().string("http://h").u64(1).u64(1).u8(7).toBytes();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Oss.GATEWAY.decode(unknownState)).getMessage()
                .contains("unknown gateway state 7"));
        byte[] updatedBeforeRegistered = new Encoder().string("http://h").u64(5).u64(4).u8(0).toBytes();
        assertThrows(IllegalArgumentException.class, () -> Oss.GATEWAY.decode(updatedBeforeRegistered));
        byte[] longEndpoint = new Encoder().string("h".repeat(GatewayEndpoint.MAX_LENGTH + 1)).u64(0).u64(0).u8(0).toBytes();
        assertThrows(IllegalArgumentException.class, () -> Oss.GATEWAY.decode(longEndpoint));
    }

    @Test
    void callsRoundTripAndAnOversizeEndpointIsRefusedOnDecoding() {
        Oss oss = new Oss();
        for (Call c : List.of(new OssCall.RegisterGateway("http://a:1"), new OssCall.UpdateGateway("https://b/c"),
                new OssCall.DeregisterGateway())) {
            Encoder e = new Encoder();
            Call.encode(e, c);
            Decoder d = new Decoder(e.toBytes());
            assertEquals(Oss.INDEX, d.u8());
            assertEquals(c, oss.decodeCall(d.u8(), d));
            d.end();
        }
        byte[] tooLong = new Encoder().string("h".repeat(GatewayEndpoint.MAX_LENGTH + 1)).toBytes();
        assertThrows(IllegalArgumentException.class, () -> oss.decodeCall(OssCall.REGISTER_GATEWAY, new Decoder(tooLong)));
        assertEquals("oss has no call 9", assertThrows(IllegalArgumentException.class,
                () -> oss.decodeCall(9, new Decoder(new byte[0]))).getMessage());
    }
}
