package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.DriverEffect.BuildCandidate;
import cess.consensus.model.DriverEffect.CheckBlock;
import cess.consensus.model.DriverEffect.Commit;
import cess.consensus.model.DriverEffect.Entered;
import cess.consensus.model.DriverEffect.LateVote;
import cess.consensus.model.DriverEffect.PublishProposal;
import cess.consensus.model.DriverEffect.PublishVote;
import cess.consensus.model.DriverInput.BlockChecked;
import cess.consensus.model.DriverInput.CandidateBuilt;
import cess.consensus.model.DriverInput.ClockTicked;
import cess.consensus.model.DriverInput.HeadMoved;
import cess.consensus.model.DriverInput.ProposalReceived;
import cess.consensus.model.DriverInput.TimeoutFired;
import cess.consensus.model.DriverInput.VoteReceived;
import cess.consensus.model.DriverState.Phase;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-height driver one input at a time: heights, starting, buffering, resending, off duty. */
class HeightDriverTest {
    static final Signature SIG = Signature.of(new byte[64]);
    static final BftParams PARAMS = new BftParams(300, 200, 200, 100);
    static final List<KeyPair> KEYS = IntStream.range(0, 4).mapToObj(i -> KeyPair.dev("//Val" + i)).toList();
    static final ValidatorSet FOUR = set(KEYS);
    static final KeyPair OUTSIDER = KeyPair.dev("//Candidate11");
    static final long BLOCK_TIME = 1000;
    static final long HEAD_TIME = 50_000;

    static ValidatorSet set(List<KeyPair> keys) {
        return new ValidatorSet(keys.stream().map(k -> new Validator(k.address(), Amount.ofUnits(1))).toList());
    }

    /** One node's driver and state, with everything the last step asked for. */
    static final class Node {
        final HeightDriver<String> driver;
        DriverState<String> state = DriverState.initial();
        List<DriverEffect<String>> last = List.of();

        Node(KeyPair me, DriverParams limits) {
            driver = new HeightDriver<>(me.address(), PARAMS, limits, v -> v.signed(SIG));
        }

        Node(KeyPair me) {
            this(me, DriverParams.DEFAULT);
        }

        List<DriverEffect<String>> step(DriverInput<String> in) {
            HeightDriver.Transition<String> t = driver.step(state, in);
            state = t.state();
            last = t.effects();
            return last;
        }

        <T> List<T> of(Class<T> type) {
            return last.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static Hash block(String name) {
        return Hash.sha256(name.getBytes());
    }

    static Vote prevote(long height, int round, Optional<Hash> value, KeyPair who) {
        return new Vote(Vote.Type.PREVOTE, height, round, value, who.address(), SIG);
    }

    static VoteReceived<String> voteIn(long height, KeyPair who, long now) {
        return new VoteReceived<>(prevote(height, 0, Optional.empty(), who), now);
    }

    static KeyPair proposerKey(ValidatorSet set, long height, int round) {
        return KEYS.stream().filter(k -> k.address().equals(set.proposer(height, round))).findFirst().orElseThrow();
    }

    @Test
    void anOffDutyCandidateGetsNoErrorAndSendsNothing() {
        Node n = new Node(OUTSIDER);
        // Before any head, and after one that leaves it out of the on-duty set.
        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME)));
        n.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        assertEquals(List.of(new Entered<String>(10, false, false)), n.last);
        assertFalse(n.state.onDuty());
        for (long now = HEAD_TIME; now <= HEAD_TIME + 20 * BLOCK_TIME; now += 100) {
            assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, now)), "tick at " + now);
        }
        KeyPair p = proposerKey(FOUR, 10, 0);
        assertEquals(List.of(), n.step(new ProposalReceived<>(new Proposal(10, 0, block("b"), -1, p.address()), "b",
                HEAD_TIME)));
        assertEquals(List.of(), n.step(voteIn(10, KEYS.get(0), HEAD_TIME)));
        assertEquals(List.of(), n.step(voteIn(11, KEYS.get(0), HEAD_TIME)));
        assertEquals(List.of(), n.step(new TimeoutFired<>(new Bft.TimeoutIn(Bft.Step.PROPOSE, 10, 0), HEAD_TIME)));
        assertEquals(List.of(), n.step(new CandidateBuilt<>(10, block("x"), HEAD_TIME)));
        assertEquals(Phase.WAITING, n.state.phase());
        assertEquals(0, n.state.futureCount(), "an off-duty node keeps nothing for later");
    }

    @Test
    void aHeightStartsWithWorkOnceTheBlockTimeHasPassedOrOnAPeersMessage() {
        Node n = new Node(KEYS.get(0));
        n.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        assertEquals(List.of(new Entered<String>(10, true, true)), n.last);
        assertEquals(List.of(), n.step(new ClockTicked<>(false, BLOCK_TIME, HEAD_TIME + 5 * BLOCK_TIME)));
        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME - 1)));
        assertEquals(List.of(new BuildCandidate<String>(10)), n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME)));
        assertEquals(Phase.STARTING, n.state.phase());
        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME + 1)),
                "one candidate at a time");
        assertEquals(List.of(new BuildCandidate<String>(10)),
                n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME + 1000)),
                "a candidate that never came is asked for again");

        Node m = new Node(KEYS.get(0));
        m.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        assertEquals(List.of(new BuildCandidate<String>(10)), m.step(voteIn(10, KEYS.get(1), HEAD_TIME + 1)),
                "a peer's vote starts the height, pool empty or not");
        m.step(new CandidateBuilt<>(10, block("mine"), HEAD_TIME + 2));
        assertEquals(Phase.RUNNING, m.state.phase());
        assertEquals(1, m.state.bft().orElseThrow().prevotes().get(0).size(), "the vote that started it was fed in");
    }

    @Test
    void messagesForLaterHeightsAreKeptWithinBoundsAndReplayedThere() {
        Node n = new Node(KEYS.get(0), new DriverParams(1000, 2, 3));
        n.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        n.step(voteIn(11, KEYS.get(1), HEAD_TIME));
        n.step(voteIn(12, KEYS.get(1), HEAD_TIME));
        n.step(voteIn(13, KEYS.get(1), HEAD_TIME)); // beyond two heights ahead: dropped
        n.step(voteIn(11, KEYS.get(2), HEAD_TIME));
        n.step(voteIn(11, KEYS.get(3), HEAD_TIME)); // the fourth message: over the bound, dropped
        assertEquals(3, n.state.futureCount());
        assertEquals(2, n.state.future().get(11L).size());
        assertFalse(n.state.future().containsKey(13L));

        n.step(new HeadMoved<>(10, HEAD_TIME + 10, FOUR, HEAD_TIME + 10));
        assertEquals(List.of(new Entered<String>(11, true, false), new BuildCandidate<String>(11)), n.last,
                "waiting messages start the new height at once");
        assertEquals(1, n.state.futureCount(), "what was kept for 11 left the buffer; 12 stays");
        assertEquals(2, n.state.inbox().size());
        n.step(new CandidateBuilt<>(11, block("mine@11"), HEAD_TIME + 11));
        assertEquals(2, n.state.bft().orElseThrow().prevotes().get(0).size());
        assertTrue(n.state.inbox().isEmpty());

        n.step(new HeadMoved<>(13, HEAD_TIME + 20, FOUR, HEAD_TIME + 20));
        assertEquals(0, n.state.futureCount(), "heights passed over are forgotten");
    }

    @Test
    void thisNodesMessagesAreSentAgainEveryResendIntervalUntilDecided() {
        // Four validators; this one proposes at height 10 round 0 and nobody else speaks.
        KeyPair me = proposerKey(FOUR, 10, 0);
        Node n = new Node(me);
        n.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME));
        long t0 = HEAD_TIME + BLOCK_TIME;
        n.step(new CandidateBuilt<>(10, block("mine"), t0));
        List<PublishProposal<String>> proposals = n.of(PublishProposal.class).stream()
                .map(p -> (PublishProposal<String>) p).toList();
        assertEquals(1, proposals.size());
        assertEquals(block("mine"), proposals.get(0).proposal().value());
        List<DriverEffect<String>> said = n.last.stream()
                .filter(e -> e instanceof PublishProposal || e instanceof PublishVote).toList();
        assertEquals(2, said.size(), "its proposal and its prevote for it");

        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, t0 + 999)));
        assertEquals(said, n.step(new ClockTicked<>(true, BLOCK_TIME, t0 + 1000)));
        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, t0 + 1500)));
        assertEquals(said, n.step(new ClockTicked<>(true, BLOCK_TIME, t0 + 2000)));
    }

    @Test
    void aLoneValidatorDecidesAsksForTheCommitAndMovesOnWhenTheHeadDoes() {
        KeyPair me = KEYS.get(0);
        ValidatorSet alone = set(List.of(me));
        Node n = new Node(me);
        n.step(new HeadMoved<>(4, HEAD_TIME, alone, HEAD_TIME));
        n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME));
        n.step(new CandidateBuilt<>(5, block("five"), HEAD_TIME + BLOCK_TIME));
        List<Commit> commits = n.of(Commit.class);
        assertEquals(1, commits.size());
        assertEquals(5, commits.get(0).height());
        assertEquals(block("five"), commits.get(0).decision().value());
        assertEquals(HEAD_TIME + BLOCK_TIME, commits.get(0).startedAtMillis());
        assertTrue(n.state.decided());
        assertEquals(List.of(), n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + 9 * BLOCK_TIME)),
                "decided: no resend, no second start, until the head moves");

        assertEquals(List.of(), n.step(new HeadMoved<>(4, HEAD_TIME, alone, HEAD_TIME + 9 * BLOCK_TIME)),
                "the same head again changes nothing");
        n.step(new HeadMoved<>(5, HEAD_TIME + BLOCK_TIME, alone, HEAD_TIME + 9 * BLOCK_TIME));
        assertEquals(List.of(new Entered<String>(6, true, false)), n.last);
        assertEquals(6, n.state.height());
        assertEquals(Phase.WAITING, n.state.phase());
        assertTrue(n.state.sent().isEmpty() && n.state.validity().isEmpty());
    }

    @Test
    void aNodeThatFellBehindAdoptsTheNewHeadAndDropsWhatIsDecided() {
        Node n = new Node(KEYS.get(0));
        n.step(new HeadMoved<>(9, HEAD_TIME, FOUR, HEAD_TIME));
        n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME));
        n.step(new CandidateBuilt<>(10, block("mine@10"), HEAD_TIME + BLOCK_TIME));
        n.step(voteIn(12, KEYS.get(2), HEAD_TIME + BLOCK_TIME));
        n.step(voteIn(13, KEYS.get(2), HEAD_TIME + BLOCK_TIME));
        assertEquals(Phase.RUNNING, n.state.phase());

        // Sync brought blocks 10 and 11: the round at 10 is abandoned, the kept vote for 12 replayed.
        n.step(new HeadMoved<>(11, HEAD_TIME + 3 * BLOCK_TIME, FOUR, HEAD_TIME + 3 * BLOCK_TIME));
        assertEquals(12, n.state.height());
        assertEquals(List.of(new Entered<String>(12, true, false), new BuildCandidate<String>(12)), n.last);
        assertEquals(1, n.state.futureCount(), "the vote for 13 still waits");
        n.step(new CandidateBuilt<>(12, block("mine@12"), HEAD_TIME + 3 * BLOCK_TIME));
        assertTrue(n.state.bft().orElseThrow().prevotes().get(0).stream()
                .anyMatch(v -> v.voter().equals(KEYS.get(2).address())), "the kept vote was fed in");

        // Old messages: one for the head's height is handed on as a late vote; older ones are dropped.
        assertEquals(List.of(new LateVote<String>(prevote(11, 0, Optional.empty(), KEYS.get(1)))),
                n.step(voteIn(11, KEYS.get(1), HEAD_TIME + 3 * BLOCK_TIME)));
        assertEquals(List.of(), n.step(voteIn(10, KEYS.get(1), HEAD_TIME + 3 * BLOCK_TIME)));
        assertEquals(List.of(), n.step(new TimeoutFired<>(new Bft.TimeoutIn(Bft.Step.PROPOSE, 10, 0),
                HEAD_TIME + 3 * BLOCK_TIME)), "a timeout of the abandoned height does nothing");
    }

    @Test
    void aProposedBlockIsCheckedOnceAndOnlyWhenItsProposerIsTheRounds() {
        long h = 10;
        KeyPair proposer = proposerKey(FOUR, h, 0);
        KeyPair me = KEYS.stream().filter(k -> k != proposer).findFirst().orElseThrow();
        KeyPair other = KEYS.stream().filter(k -> k != proposer && k != me).findFirst().orElseThrow();
        Node n = new Node(me);
        n.step(new HeadMoved<>(h - 1, HEAD_TIME, FOUR, HEAD_TIME));
        n.step(new ClockTicked<>(true, BLOCK_TIME, HEAD_TIME + BLOCK_TIME));
        n.step(new CandidateBuilt<>(h, block("mine"), HEAD_TIME + BLOCK_TIME));

        assertEquals(List.of(), n.step(new ProposalReceived<>(new Proposal(h, 0, block("forged"), -1, other.address()),
                "forged", HEAD_TIME + BLOCK_TIME)), "not the round's proposer: not worth a replay");
        Proposal p = new Proposal(h, 0, block("theirs"), -1, proposer.address());
        assertEquals(List.of(new CheckBlock<String>(p, "theirs")),
                n.step(new ProposalReceived<>(p, "theirs", HEAD_TIME + BLOCK_TIME)));
        assertEquals(List.of(), n.step(new ProposalReceived<>(p, "theirs", HEAD_TIME + BLOCK_TIME)),
                "the same block is checked once");
        assertEquals(List.of(), n.step(new BlockChecked<>(h, block("unasked"), true, HEAD_TIME + BLOCK_TIME)));
        n.step(new BlockChecked<>(h, block("theirs"), false, HEAD_TIME + BLOCK_TIME));
        List<PublishVote> votes = n.of(PublishVote.class);
        assertEquals(1, votes.size());
        assertEquals(Optional.empty(), votes.get(0).vote().value(), "an invalid block gets a nil prevote");
        assertEquals(SIG, votes.get(0).vote().signature(), "signed by the driver's signer");
    }
}
