package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The driver's clock rule, above all for a consensus-role node that is off duty. */
class TickTest {
    static final long BLOCK = 1000;
    static final long RESEND = 1000;
    static final long HEAD_TIME = 50_000;

    static Tick.View view(boolean onDuty, Optional<Bft.State> state, boolean work, long now, long lastResend) {
        return new Tick.View(onDuty, state, work, now, HEAD_TIME, BLOCK, lastResend, RESEND);
    }

    @Test
    void anOffDutyCandidateDoesNothingWhateverTheClockAndThePool() {
        // The bug this guards: the driver asked an off-duty node's (absent) engine state for its decision.
        for (long now : new long[] {HEAD_TIME, HEAD_TIME + BLOCK, HEAD_TIME + 10 * BLOCK}) {
            assertEquals(Tick.IDLE, Tick.of(view(false, Optional.empty(), true, now, 0)));
            assertEquals(Tick.IDLE, Tick.of(view(false, Optional.empty(), false, now, 0)));
        }
    }

    @Test
    void anOnDutyValidatorStartsAHeightOnlyWithWorkAndOnceTheBlockTimeHasPassed() {
        assertEquals(Tick.IDLE, Tick.of(view(true, Optional.empty(), false, HEAD_TIME + 5 * BLOCK, 0)));
        assertEquals(Tick.IDLE, Tick.of(view(true, Optional.empty(), true, HEAD_TIME + BLOCK - 1, 0)));
        assertEquals(Tick.START, Tick.of(view(true, Optional.empty(), true, HEAD_TIME + BLOCK, 0)));
    }

    @Test
    void aStartedUndecidedHeightResendsEveryResendInterval() {
        Optional<Bft.State> started = Optional.of(Bft.initial(Hash.sha256(new byte[] {1})));
        long t = HEAD_TIME + 2 * BLOCK;
        assertEquals(Tick.IDLE, Tick.of(view(true, started, true, t, t - RESEND + 1)));
        assertEquals(Tick.RESEND, Tick.of(view(true, started, true, t, t - RESEND)));
    }

    @Test
    void aDecidedHeightNeitherStartsNorResends() {
        Bft.State decided = decidedAlone();
        assertTrue(decided.decision().isPresent());
        assertEquals(Tick.IDLE, Tick.of(view(true, Optional.of(decided), true, HEAD_TIME + 9 * BLOCK, 0)));
    }

    /** A lone validator's engine run to its decision, its own messages fed back as the driver does. */
    static Bft.State decidedAlone() {
        KeyPair me = KeyPair.dev("//Val0");
        Hash genesis = Hash.sha256(new byte[] {42});
        ValidatorSet set = new ValidatorSet(List.of(new Validator(me.address(), Amount.ofUnits(1))));
        Bft.Context context = new Bft.Context(3, set, me.address(), new BftParams(300, 200, 200, 100));
        Bft.State state = Bft.initial(Hash.sha256(new byte[] {7}));
        Deque<Bft.Input> work = new ArrayDeque<>(List.of(new Bft.Start()));
        while (!work.isEmpty() && state.decision().isEmpty()) {
            Bft.Result r = Bft.step(context, state, work.poll());
            state = r.state();
            for (Bft.Effect e : r.effects()) {
                if (e instanceof Bft.SendProposal sp) {
                    work.add(new Bft.ProposalIn(sp.proposal(), true));
                } else if (e instanceof Bft.SendVote sv) {
                    work.add(new Bft.VoteIn(sv.vote().signed(me.sign(sv.vote().signingPayload(genesis)))));
                }
            }
        }
        return state;
    }
}
