package cess.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.audit.model.Audit;
import cess.audit.model.AuditKeys;
import cess.ledger.model.StateKey;
import cess.platform.ApiException;
import cess.platform.PathParams;
import cess.shared.KeyPair;
import org.junit.jupiter.api.Test;

/** The audit view's input checks and key parsing, without a container (the endpoints are covered by the ITs). */
class AuditResourceTest {
    @Test
    void limitsAreOneToAThousandAndDefaultToAHundred() {
        assertEquals(100, AuditResource.limit(null));
        assertEquals(100, AuditResource.limit(""));
        assertEquals(1, AuditResource.limit("1"));
        assertEquals(1000, AuditResource.limit("1000"));
        for (String bad : new String[] {"0", "1001", "-5", "ten", "1e3"}) {
            ApiException e = assertThrows(ApiException.class, () -> AuditResource.limit(bad), bad);
            assertEquals(400, e.status());
            assertEquals("invalid_limit", e.code());
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
        }
    }

    @Test
    void aChallengeIdIsAWholeNumberNotNegative() {
        assertEquals(12, AuditResource.challengeId("12"));
        for (String bad : new String[] {"-1", "x", "0x0c"}) {
            ApiException e = assertThrows(ApiException.class,
                    () -> PathParams.parse(bad, AuditResource::challengeId, "invalid_after", "after"), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("after: "), e.getMessage());
        }
    }

    @Test
    void aScheduledKeyNamesItsHeightAndMiner() {
        String miner = KeyPair.dev("Miner1").address().ss58();
        StateKey k = new StateKey(Audit.SCHEDULED, String.format("%016x", 150) + "/" + miner);
        assertEquals(miner, AuditReads.minerOfScheduled(k));
        assertEquals(150, AuditReads.heightOfScheduled(k));
        assertEquals(miner + "/", AuditKeys.openOf(KeyPair.dev("Miner1").address()),
                "a miner's entries are prefixed by its address and a slash, faults as open challenges");
    }
}
