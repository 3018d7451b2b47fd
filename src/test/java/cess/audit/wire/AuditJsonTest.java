package cess.audit.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.AuditCall;
import cess.audit.model.ServiceProof;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.wire.Jsons;
import cess.runtime.wire.TransactionJson;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditJsonTest {
    static final ServiceProof PROOF = new ServiceProof(12, List.of(
            new ServiceProof.Entry(0, 3, new byte[1024], List.of(Hash.sha256(new byte[] {1}), Hash.sha256(new byte[] {2}))),
            new ServiceProof.Entry(4, 0, new byte[100], List.of())));

    @Test
    void writesAProofAsItsChallengeSampleCountAndSizeWithoutTheChunks() {
        JsonObjectBuilder b = Jsons.createObjectBuilder().add("type", "submit_proof");
        assertTrue(new AuditJson().write(new AuditCall.SubmitProof(PROOF), b));
        JsonObject o = b.build();
        assertEquals(12, o.getJsonNumber("challenge").longValue());
        assertEquals(2, o.getInt("samples"));
        assertEquals(12 + (21 + 1024 + 64) + (21 + 100), o.getInt("bytes"));
        assertEquals(PROOF.encodedSize(), o.getInt("bytes"));
        assertEquals(4, o.size(), "type, challenge, samples, bytes and nothing else: " + o);
    }

    @Test
    void writesNoOtherModulesCall() {
        assertFalse(new AuditJson().write(new Transfer(KeyPair.dev("Bob").address(), Amount.ofUnits(1)),
                Jsons.createObjectBuilder()));
    }

    @Test
    void refusesToReadAProofAndReadsNothingElse() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new AuditJson().read("submit_proof", Jsons.createObjectBuilder().add("challenge", 1).build()));
        assertTrue(e.getMessage().contains("proofs are sent by miner nodes in binary, not as JSON"), e.getMessage());
        assertTrue(new AuditJson().read("transfer", Jsons.createObjectBuilder().build()).isEmpty());
    }

    @Test
    void aTransactionCarryingAProofShowsInJsonAndIsNotReadBack() {
        KeyPair miner = KeyPair.dev("Miner1");
        SignedTransaction stx = new Transaction(miner.address(), 7, Amount.ofUnits(1), new AuditCall.SubmitProof(PROOF))
                .sign(miner, Hash.ZERO);
        JsonObject json = TransactionJson.toJson(stx);
        JsonObject call = json.getJsonObject("call");
        assertEquals("submit_proof", call.getString("type"));
        assertEquals(12, call.getInt("challenge"));
        var e = assertThrows(IllegalArgumentException.class, () -> TransactionJson.fromJson(json));
        assertTrue(e.getMessage().contains("call.type") && e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void aFillerCommitmentTravelsAsJsonBothWays() {
        KeyPair miner = KeyPair.dev("Miner1");
        AuditCall.CommitFiller c = new AuditCall.CommitFiller(16, List.of(Hash.sha256(new byte[] {1}), Hash.ZERO));
        SignedTransaction stx = new Transaction(miner.address(), 3, Amount.ofUnits(1), c).sign(miner, Hash.ZERO);
        JsonObject json = TransactionJson.toJson(stx);
        assertEquals(16, json.getJsonObject("call").getInt("firstUnit"));
        assertEquals(stx, TransactionJson.fromJson(json));
        var none = assertThrows(IllegalArgumentException.class, () -> new AuditJson().read("commit_filler",
                Jsons.createObjectBuilder().add("firstUnit", 0).add("roots", Jsons.createArrayBuilder()).build()));
        assertTrue(none.getMessage().contains("1..1024 roots"), none.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> new AuditJson().read("commit_filler",
                Jsons.createObjectBuilder().add("firstUnit", 0).add("roots", Jsons.createArrayBuilder().add("0x12")).build()));
        assertTrue(bad.getMessage().contains("roots[0]"), bad.getMessage());
        var idle = assertThrows(IllegalArgumentException.class,
                () -> new AuditJson().read("submit_idle_proof", Jsons.createObjectBuilder().build()));
        assertTrue(idle.getMessage().contains("binary"), idle.getMessage());
        JsonObjectBuilder b = Jsons.createObjectBuilder();
        assertTrue(new AuditJson().write(new AuditCall.SubmitIdleProof(4, new byte[300]), b));
        assertEquals(300, b.build().getInt("bytes"));
    }
}
