package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The engine's rules one input at a time, with real precommit signatures. */
class BftTest {
    static final Hash GENESIS = Hash.sha256(new byte[] {42});
    static final List<KeyPair> KEYS = IntStream.range(0, 4).mapToObj(i -> KeyPair.dev("//Val" + i)).toList();
    static final ValidatorSet SET = new ValidatorSet(KEYS.stream().map(k -> new Validator(k.address(), Amount.ofUnits(1))).toList());
    static final BftParams PARAMS = new BftParams(300, 200, 200, 100);
    static final long H = 7;

    /** One validator's engine and everything it asked for. */
    static final class Engine {
        final Bft.Context context;
        Bft.State state;
        final List<Bft.Effect> effects = new ArrayList<>();

        Engine(KeyPair me, Hash candidate) {
            context = new Bft.Context(H, SET, me.address(), PARAMS);
            state = Bft.initial(candidate);
        }

        List<Bft.Effect> feed(Bft.Input in) {
            Bft.Result r = Bft.step(context, state, in);
            state = r.state();
            effects.addAll(r.effects());
            return r.effects();
        }

        <T> List<T> sent(Class<T> type) {
            return effects.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static Address proposer(int round) {
        return SET.proposer(H, round);
    }

    static KeyPair key(Address a) {
        return KEYS.stream().filter(k -> k.address().equals(a)).findFirst().orElseThrow();
    }

    static Vote vote(Vote.Type type, int round, Optional<Hash> value, KeyPair who) {
        Vote v = new Vote(type, H, round, value, who.address(), null);
        return v.signed(type == Vote.Type.PRECOMMIT && value.isPresent()
                ? Commit.precommit(who, GENESIS, H, round, value.get()).signature()
                : who.sign(("prevote or nil " + round).getBytes()));
    }

    static BlockHeader header(Address proposer) {
        return new BlockHeader(H, Hash.sha256(new byte[] {6}), 1_000, proposer, Hash.ZERO, Hash.ZERO, 0, Hash.ZERO, Hash.ZERO,
                Hash.ZERO);
    }

    @Test
    void aRoundWithEveryoneHonestDecidesTheProposalWithAVerifiableCommit() {
        BlockHeader block = header(proposer(0));
        Hash v = block.hash();
        Engine p = new Engine(key(proposer(0)), v);
        p.feed(new Bft.Start());
        Proposal proposal = p.sent(Bft.SendProposal.class).get(0).proposal();
        assertEquals(new Proposal(H, 0, v, -1, proposer(0)), proposal);

        KeyPair me = KEYS.stream().filter(k -> !k.address().equals(proposer(0))).findFirst().orElseThrow();
        Engine e = new Engine(me, Hash.sha256(new byte[] {1}));
        e.feed(new Bft.Start());
        assertEquals(Bft.Step.PROPOSE, e.sent(Bft.ScheduleTimeout.class).get(0).step());
        e.feed(new Bft.ProposalIn(proposal, true));
        assertEquals(Optional.of(v), e.sent(Bft.SendVote.class).get(0).vote().value(), "prevotes the valid proposal");
        for (KeyPair k : KEYS.subList(0, 3)) {
            e.feed(new Bft.VoteIn(vote(Vote.Type.PREVOTE, 0, Optional.of(v), k)));
        }
        Vote precommit = e.sent(Bft.SendVote.class).get(1).vote();
        assertEquals(Vote.Type.PRECOMMIT, precommit.type());
        assertEquals(Optional.of(v), precommit.value());
        assertEquals(0, e.state.lockedRound());
        for (KeyPair k : KEYS.subList(0, 2)) {
            assertTrue(e.feed(new Bft.VoteIn(vote(Vote.Type.PRECOMMIT, 0, Optional.of(v), k))).stream()
                    .noneMatch(x -> x instanceof Bft.Decided), "two precommits of four are not a quorum");
        }
        e.feed(new Bft.VoteIn(vote(Vote.Type.PRECOMMIT, 0, Optional.of(v), KEYS.get(2))));
        Bft.Decision d = e.sent(Bft.Decided.class).get(0).decision();
        assertEquals(v, d.value());
        assertEquals(Optional.empty(), d.commit(H).verify(block, SET, GENESIS), "the decision is a valid commit");
        assertTrue(e.feed(new Bft.VoteIn(vote(Vote.Type.PRECOMMIT, 0, Optional.of(v), KEYS.get(3)))).isEmpty(),
                "a decided height takes no more input");
    }

    @Test
    void aLockedValidatorPrevotesNilForAnotherFreshBlockButFollowsAJustifiedReproposal() {
        Hash v = Hash.sha256(new byte[] {2});
        Hash w = Hash.sha256(new byte[] {3});
        KeyPair me = KEYS.stream().filter(k -> !k.address().equals(proposer(0)) && !k.address().equals(proposer(1)))
                .findFirst().orElseThrow();
        Engine e = new Engine(me, Hash.sha256(new byte[] {4}));
        e.feed(new Bft.Start());
        e.feed(new Bft.ProposalIn(new Proposal(H, 0, v, -1, proposer(0)), true));
        for (KeyPair k : KEYS.subList(0, 3)) {
            e.feed(new Bft.VoteIn(vote(Vote.Type.PREVOTE, 0, Optional.of(v), k)));
        }
        assertEquals(Optional.of(v), e.state.lockedValue());
        // Round 0 ends without a decision (the precommit timeout fires); round 1 proposes w afresh.
        for (KeyPair k : KEYS.subList(0, 3)) {
            e.feed(new Bft.VoteIn(vote(Vote.Type.PRECOMMIT, 0, Optional.empty(), k)));
        }
        e.feed(new Bft.TimeoutIn(Bft.Step.PRECOMMIT, H, 0));
        assertEquals(1, e.state.round());
        e.feed(new Bft.ProposalIn(new Proposal(H, 1, w, -1, proposer(1)), true));
        Vote prevote = e.sent(Bft.SendVote.class).get(e.sent(Bft.SendVote.class).size() - 1).vote();
        assertEquals(1, prevote.round());
        assertEquals(Optional.empty(), prevote.value(), "locked on v: nil for a fresh w");
        assertEquals(Optional.of(v), e.state.lockedValue());

        // Round 2 re-proposes v with valid round 0, justified by round 0's prevotes: it is prevoted.
        e.feed(new Bft.TimeoutIn(Bft.Step.PRECOMMIT, H, 1));
        assertEquals(2, e.state.round());
        Proposal again = new Proposal(H, 2, v, 0, proposer(2));
        if (proposer(2).equals(me.address())) {
            Proposal own = e.sent(Bft.SendProposal.class).get(e.sent(Bft.SendProposal.class).size() - 1).proposal();
            assertEquals(again, own, "a proposer with a valid value proposes it again, with its round");
        }
        e.feed(new Bft.ProposalIn(again, true));
        Vote reprevote = e.sent(Bft.SendVote.class).get(e.sent(Bft.SendVote.class).size() - 1).vote();
        assertEquals(2, reprevote.round());
        assertEquals(Optional.of(v), reprevote.value());
    }

    @Test
    void conflictingVotesAreEvidenceOnceAndProposalsFromOthersAreIgnored() {
        KeyPair me = KEYS.get(0);
        Engine e = new Engine(me, Hash.sha256(new byte[] {5}));
        e.feed(new Bft.Start());
        KeyPair liar = KEYS.get(1);
        Vote a = vote(Vote.Type.PREVOTE, 0, Optional.of(Hash.sha256(new byte[] {8})), liar);
        Vote b = vote(Vote.Type.PREVOTE, 0, Optional.empty(), liar);
        Vote c = vote(Vote.Type.PREVOTE, 0, Optional.of(Hash.sha256(new byte[] {9})), liar);
        e.feed(new Bft.VoteIn(a));
        assertTrue(e.feed(new Bft.VoteIn(a)).isEmpty(), "a repeated vote is no evidence");
        List<Bft.Effect> out = e.feed(new Bft.VoteIn(b));
        assertEquals(List.of(new Bft.Evidence(a, b)), out);
        assertTrue(e.feed(new Bft.VoteIn(c)).isEmpty(), "one report per slot");
        KeyPair notProposer = KEYS.stream().filter(k -> !k.address().equals(proposer(0))).findFirst().orElseThrow();
        e.feed(new Bft.ProposalIn(new Proposal(H, 0, Hash.sha256(new byte[] {10}), -1, notProposer.address()), true));
        assertTrue(e.state.proposals().isEmpty(), "only the round's proposer proposes");
        e.feed(new Bft.VoteIn(new Vote(Vote.Type.PREVOTE, H, 0, Optional.empty(), KeyPair.dev("//Stranger").address(), null)));
        assertEquals(1, e.state.prevotes().get(0).stream().map(Vote::voter).distinct().count(),
                "votes of accounts outside the set are dropped");
    }

    @Test
    void aProposeTimeoutPrevotesNilAndMoreThanAThirdInALaterRoundPullsTheNodeForward() {
        KeyPair me = KEYS.stream().filter(k -> !k.address().equals(proposer(0))).findFirst().orElseThrow();
        Engine e = new Engine(me, Hash.sha256(new byte[] {11}));
        e.feed(new Bft.Start());
        e.feed(new Bft.TimeoutIn(Bft.Step.PROPOSE, H, 0));
        assertEquals(Optional.empty(), e.sent(Bft.SendVote.class).get(0).vote().value());
        e.feed(new Bft.TimeoutIn(Bft.Step.PROPOSE, H, 0));
        assertEquals(1, e.sent(Bft.SendVote.class).size(), "a stale timeout does nothing");
        List<KeyPair> others = KEYS.stream().filter(k -> !k.equals(me)).toList();
        e.feed(new Bft.VoteIn(vote(Vote.Type.PREVOTE, 5, Optional.empty(), others.get(0))));
        assertEquals(0, e.state.round(), "one validator of four is not more than a third");
        e.feed(new Bft.VoteIn(vote(Vote.Type.PRECOMMIT, 5, Optional.empty(), others.get(1))));
        assertEquals(5, e.state.round(), "two of four are");
    }
}
