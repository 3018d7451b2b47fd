package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the engine's votes are kept: repeats, conflicts, evidence, and what counts. */
class VoteKeeperTest {
    static final Signature SIG = Signature.of(new byte[64]);
    static final KeyPair A = KeyPair.dev("//Val0");
    static final KeyPair B = KeyPair.dev("//Val1");
    static final Hash PROPOSED = Hash.sha256(new byte[] {1});
    static final Hash UNKNOWN = Hash.sha256(new byte[] {2});

    static Vote vote(Vote.Type type, int round, Optional<Hash> value, KeyPair who) {
        return new Vote(type, 3, round, value, who.address(), SIG);
    }

    static VoteKeeper.Added add(VoteKeeper k, Vote v) {
        return k.add(v, PROPOSED::equals);
    }

    @Test
    void aRepeatedVoteChangesNothing() {
        Vote v = vote(Vote.Type.PREVOTE, 0, Optional.of(PROPOSED), A);
        VoteKeeper once = add(VoteKeeper.empty(), v).keeper();
        VoteKeeper.Added twice = add(once, v);
        assertSame(once, twice.keeper());
        assertEquals(Optional.empty(), twice.evidence());
        assertEquals(List.of(v), once.votesFor(Vote.Type.PREVOTE, 0, Optional.of(PROPOSED)));
        assertEquals(List.of(), once.all(Vote.Type.PRECOMMIT, 0), "prevotes and precommits are kept apart");
    }

    @Test
    void aConflictingVoteIsEvidenceOncePerSlotAndCountsOnlyForNilOrAProposedBlock() {
        Vote nil = vote(Vote.Type.PRECOMMIT, 1, Optional.empty(), A);
        VoteKeeper k = add(VoteKeeper.empty(), nil).keeper();
        VoteKeeper.Added forged = add(k, vote(Vote.Type.PRECOMMIT, 1, Optional.of(UNKNOWN), A));
        assertEquals(Optional.of(new Bft.Evidence(nil, vote(Vote.Type.PRECOMMIT, 1, Optional.of(UNKNOWN), A))),
                forged.evidence());
        assertEquals(List.of(), forged.keeper().votesFor(Vote.Type.PRECOMMIT, 1, Optional.of(UNKNOWN)),
                "a block nobody proposed here gets nothing from it");
        VoteKeeper.Added third = add(forged.keeper(), vote(Vote.Type.PRECOMMIT, 1, Optional.of(PROPOSED), A));
        assertEquals(Optional.empty(), third.evidence(), "the slot was reported already");
        assertEquals(1, third.keeper().votesFor(Vote.Type.PRECOMMIT, 1, Optional.of(PROPOSED)).size(),
                "a conflicting vote for a proposed block counts");
    }

    @Test
    void sendersAndLaterRoundsSpanBothVoteTypes() {
        VoteKeeper k = VoteKeeper.empty();
        k = add(k, vote(Vote.Type.PREVOTE, 2, Optional.empty(), A)).keeper();
        k = add(k, vote(Vote.Type.PRECOMMIT, 2, Optional.empty(), B)).keeper();
        k = add(k, vote(Vote.Type.PRECOMMIT, 5, Optional.empty(), B)).keeper();
        assertEquals(Set.of(A.address(), B.address()), k.senders(2));
        assertEquals(Set.of(2, 5), k.roundsAfter(1));
        assertTrue(k.roundsAfter(5).isEmpty());
    }
}
