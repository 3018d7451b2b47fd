package cess.runtime.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerLedgerTest {
    @Test
    void aChallengeStillOpenSomeBlocksAfterItsAnswerIsAnsweredAgainAndForgottenOnceClosed() {
        AnswerLedger l = new AnswerLedger();
        assertTrue(l.due(7, 100), "never answered");
        l.answered(7, 100);
        assertFalse(l.due(7, 100));
        assertFalse(l.due(7, 100 + AnswerLedger.RESUBMIT_BLOCKS - 1), "its proof may still be in the pool");
        assertTrue(l.due(7, 100 + AnswerLedger.RESUBMIT_BLOCKS), "still open on chain: the proof was lost");
        l.answered(7, 104);
        l.answered(8, 104);
        l.retain(Set.of(8L));
        assertTrue(l.due(7, 105), "closed and forgotten");
        assertFalse(l.due(8, 105));
    }
}
