package cess.oss.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.wire.Jsons;
import cess.oss.model.OssCall;
import cess.runtime.wire.TransactionJson;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OssJsonTest {
    static final KeyPair ALICE = KeyPair.dev("//Alice");

    @Test
    void signedGatewayTransactionsRoundTripThroughTheTransactionJson() {
        for (Call c : List.of(new OssCall.RegisterGateway("https://gw.example:8443"), new OssCall.UpdateGateway("http://h:1/x"),
                new OssCall.DeregisterGateway())) {
            SignedTransaction stx = new Transaction(ALICE.address(), 3, Amount.ofUnits(10), c)
                    .sign(ALICE, Hash.sha256(new byte[] {9}));
            JsonObject json = TransactionJson.toJson(stx);
            assertEquals(c.type(), json.getJsonObject("call").getString("type"));
            assertEquals(stx, TransactionJson.fromJson(json), c.type());
        }
    }

    @Test
    void readsTheDocumentedFormsAndNamesAMissingEndpoint() {
        OssJson j = new OssJson();
        assertEquals(Optional.of(new OssCall.RegisterGateway("http://a:1")),
                j.read("register_gateway", parse("{\"type\":\"register_gateway\",\"endpoint\":\"http://a:1\"}")));
        assertEquals(Optional.of(new OssCall.UpdateGateway("http://b:2")),
                j.read("update_gateway", parse("{\"type\":\"update_gateway\",\"endpoint\":\"http://b:2\"}")));
        assertEquals(Optional.of(new OssCall.DeregisterGateway()),
                j.read("deregister_gateway", parse("{\"type\":\"deregister_gateway\"}")));
        assertEquals(Optional.empty(), j.read("transfer", parse("{}")));
        var e = assertThrows(IllegalArgumentException.class, () -> j.read("register_gateway", parse("{\"endpoint\":5}")));
        assertTrue(e.getMessage().contains("'endpoint'"), e.getMessage());
        assertFalse(j.write(new Transfer(ALICE.address(), Amount.ofUnits(1)), Jsons.createObjectBuilder()));
    }

    private static JsonObject parse(String s) {
        try (var r = Jsons.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }
}
