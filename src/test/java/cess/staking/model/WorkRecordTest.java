package cess.staking.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.shared.Decoder;
import org.junit.jupiter.api.Test;

class WorkRecordTest {
    @Test
    void checksAssignedAndDoneAddUpAndRoundTrip() {
        WorkRecord w = WorkRecord.NONE.plus(1, 1, 1, 1, 0).verified(6, 6).verified(0, 4);
        assertEquals(6, w.verifications());
        assertEquals(10, w.verificationTasks());
        assertEquals(1, w.votes());
        assertEquals(w, WorkRecord.decode(new Decoder(w.encode())));
        assertThrows(IllegalArgumentException.class, () -> WorkRecord.NONE.verified(3, 2), "more done than assigned");
        assertThrows(IllegalArgumentException.class, () -> WorkRecord.NONE.verified(-1, 2));
    }
}
