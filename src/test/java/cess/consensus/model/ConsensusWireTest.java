package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Votes and proposals as they travel between nodes: encodings and what is signed. */
class ConsensusWireTest {
    static final Hash GENESIS = Hash.sha256(new byte[] {5});
    static final KeyPair ME = KeyPair.dev("//Val1");

    static Vote signed(Vote.Type type, Optional<Hash> value) {
        Vote v = new Vote(type, 9, 2, value, ME.address(), null);
        return v.signed(ME.sign(v.signingPayload(GENESIS)));
    }

    @Test
    void votesSurviveTheWireAndVerifyOnlyAsSigned() {
        Hash block = Hash.sha256(new byte[] {1});
        for (Vote v : new Vote[] {signed(Vote.Type.PREVOTE, Optional.of(block)), signed(Vote.Type.PREVOTE, Optional.empty()),
                signed(Vote.Type.PRECOMMIT, Optional.of(block)), signed(Vote.Type.PRECOMMIT, Optional.empty())}) {
            Vote back = Vote.decode(v.encode());
            assertEquals(v, back);
            assertTrue(back.verify(GENESIS), v.toString());
            assertFalse(back.verify(Hash.sha256(new byte[] {6})), "bound to the chain");
            Vote moved = new Vote(v.type(), v.height(), v.round() + 1, v.value(), v.voter(), v.signature());
            assertFalse(moved.verify(GENESIS), "bound to the round");
        }
        // A precommit for a block is exactly a commit signature.
        Vote precommit = signed(Vote.Type.PRECOMMIT, Optional.of(block));
        assertEquals(Commit.precommit(ME, GENESIS, 9, 2, block).signature(), precommit.signature());
        // A prevote's signature is no precommit's.
        Vote prevote = signed(Vote.Type.PREVOTE, Optional.of(block));
        assertFalse(new Vote(Vote.Type.PRECOMMIT, 9, 2, Optional.of(block), ME.address(), prevote.signature()).verify(GENESIS));

        byte[] bytes = precommit.encode();
        assertThrows(IllegalArgumentException.class, () -> Vote.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> Vote.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        byte[] badType = bytes.clone();
        badType[0] = 7;
        assertThrows(IllegalArgumentException.class, () -> Vote.decode(badType));
        assertThrows(IllegalStateException.class, () -> new Vote(Vote.Type.PREVOTE, 1, 0, Optional.empty(),
                ME.address(), null).encode(), "unsigned votes are not sent");
    }

    @Test
    void proposalsSurviveTheWireAndSignEveryField() {
        Proposal fresh = new Proposal(9, 2, Hash.sha256(new byte[] {2}), -1, ME.address());
        Proposal again = new Proposal(9, 4, Hash.sha256(new byte[] {2}), 3, ME.address());
        assertEquals(fresh, Proposal.decode(fresh.encode()));
        assertEquals(again, Proposal.decode(again.encode()));
        assertFalse(Arrays.equals(fresh.signingPayload(GENESIS), fresh.signingPayload(Hash.sha256(new byte[] {6}))));
        assertFalse(Arrays.equals(fresh.signingPayload(GENESIS),
                new Proposal(9, 2, Hash.sha256(new byte[] {2}), 1, ME.address()).signingPayload(GENESIS)));
        assertArrayEquals(fresh.signingPayload(GENESIS), Proposal.decode(fresh.encode()).signingPayload(GENESIS));
        byte[] bytes = fresh.encode();
        assertThrows(IllegalArgumentException.class, () -> Proposal.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
