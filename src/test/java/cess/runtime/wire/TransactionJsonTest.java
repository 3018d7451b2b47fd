package cess.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.runtime.model.Runtime;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TransactionJsonTest {
    static final SignedTransaction STX = new Transaction(KeyPair.dev("Alice").address(), 3, Amount.ofUnits(10),
            new Transfer(KeyPair.dev("Bob").address(), new Amount(Amount.MAX))).sign(KeyPair.dev("Alice"), Hash.ZERO);

    @Test
    void roundTripsExactly() {
        JsonObject json = TransactionJson.toJson(STX);
        assertEquals(STX, TransactionJson.fromJson(parse(json.toString())));
        assertEquals(Amount.MAX.toString(), json.getJsonObject("call").getString("amount"));
    }

    @Test
    void minerCallsRoundTrip() {
        KeyPair miner = KeyPair.dev("Miner1");
        for (cess.ledger.model.Call call : java.util.List.of(
                new cess.storage.model.StorageCall.UpdateMiner("https://m.example:8443"),
                new cess.storage.model.StorageCall.AddStake(Amount.ofUnits(4000)),
                new cess.storage.model.StorageCall.DeclareSpace(3L << 40),
                new cess.storage.model.StorageCall.ExitMiner(),
                new cess.staking.model.StakingCall.Bond(Amount.ofUnits(5000), Hash.sha256(new byte[] {1})),
                new cess.staking.model.StakingCall.Unbond())) {
            SignedTransaction stx = new Transaction(miner.address(), 1, Amount.ofUnits(1), call).sign(miner, Hash.ZERO);
            assertEquals(stx, TransactionJson.fromJson(parse(TransactionJson.toJson(stx).toString())), call.type());
            assertEquals(stx, SignedTransaction.decode(stx.encode(), Runtime.STANDARD), call.type());
        }
    }

    @Test
    void namesTheBadField() {
        String good = TransactionJson.toJson(STX).toString();
        assertMessage(good.replace("\"nonce\":3", "\"nonce\":-3"), "nonce");
        assertMessage(good.replace("\"nonce\":3", "\"nonce\":3.5"), "nonce");
        assertMessage(good.replace("\"fee\":\"10\"", "\"fee\":10"), "fee");
        assertMessage(good.replace("\"transfer\"", "\"mint\""), "call.type");
        assertMessage(good.replace(STX.tx().sender().ss58(), "cXnotanaddress"), "sender");
        assertMessage(good.replace("\"signature\":\"0x", "\"signature\":\"0xzz"), "signature");
        assertMessage("{}", "sender");
    }

    private static void assertMessage(String json, String field) {
        var e = assertThrows(IllegalArgumentException.class, () -> TransactionJson.fromJson(parse(json)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    static JsonObject parse(String s) {
        try (var r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }
}
