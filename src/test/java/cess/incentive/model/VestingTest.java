package cess.incentive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import org.junit.jupiter.api.Test;

class VestingTest {
    static final IncentiveParams P = IncentiveParams.devnet(); // half now, 5 steps of 60 blocks

    @Test
    void halfNowTheRestInEqualStepsTheLastTakingWhatRoundingLeft() {
        Vesting.Grant g = Vesting.grant(P, Amount.ofUnits(1001), 100);
        assertEquals(Amount.ofUnits(500), g.now());
        Vesting v = g.vesting();
        assertEquals(Amount.ofUnits(501), v.total());
        assertEquals(Amount.ZERO, v.releasable(159), "nothing before the first step");
        assertEquals(Amount.ofUnits(100), v.releasable(160));
        v = v.release(160);
        assertEquals(Amount.ZERO, v.releasable(219));
        assertEquals(Amount.ofUnits(200), v.releasable(280), "two steps more, at once if nobody released between");
        v = v.release(280);
        assertEquals(Amount.ofUnits(201), v.releasable(10_000), "the last step takes the rest");
        v = v.release(10_000);
        assertTrue(v.done());
        assertEquals(Amount.ZERO, v.releasable(20_000));
    }

    @Test
    void aSlashTakesTheUnreleasedPartFirstAndNoMore() {
        Vesting v = Vesting.grant(P, Amount.ofUnits(1000), 0).vesting().release(120); // 200 of 500 released
        Vesting.Forfeit f = v.forfeit(Amount.ofUnits(250));
        assertEquals(Amount.ofUnits(250), f.taken());
        assertEquals(Amount.ofUnits(250), f.left().total());
        assertEquals(Amount.ofUnits(50), f.left().releasable(1_000_000), "what is left still vests");
        Vesting.Forfeit all = v.forfeit(Amount.cess(1));
        assertEquals(Amount.ofUnits(300), all.taken(), "never more than is unreleased; the rest falls on the stake");
        assertTrue(all.left().done());
        assertEquals(Amount.ZERO, f.left().forfeit(Amount.ZERO).taken());
    }
}
