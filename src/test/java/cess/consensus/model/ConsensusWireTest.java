package cess.consensus.model;

import cess.runtime.model.Runtime;
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

    static BlockHeader header(long height, cess.shared.Address proposer, java.util.List<cess.ledger.model.SignedTransaction> txs) {
        return new BlockHeader(height, Hash.sha256(new byte[] {3}), 1000 + height, proposer, Block.txRoot(txs),
                Hash.sha256(new byte[] {4}), 0, Hash.ZERO, body(txs).lastCommitHash(), body(txs).evidenceRoot());
    }

    /** A body with a parent commit signed by ME and one piece of evidence, so that every part travels. */
    static BlockBody body(java.util.List<cess.ledger.model.SignedTransaction> txs) {
        Hash parent = Hash.sha256(new byte[] {3});
        Vote a = new Vote(Vote.Type.PREVOTE, 4, 0, Optional.of(Hash.sha256(new byte[] {7})), ME.address(), null);
        Vote b = new Vote(Vote.Type.PREVOTE, 4, 0, Optional.empty(), ME.address(), null);
        return new BlockBody(txs, new Commit(8, 0, parent, java.util.List.of(Commit.precommit(ME, GENESIS, 8, 0, parent))),
                java.util.List.of(Evidence.of(a.signed(ME.sign(a.signingPayload(GENESIS))),
                        b.signed(ME.sign(b.signingPayload(GENESIS))))));
    }

    static java.util.List<cess.ledger.model.SignedTransaction> twoTransfers() {
        return java.util.List.of(BlockExecutionTest.transfer(0, 5), BlockExecutionTest.transfer(1, 7));
    }

    @Test
    void proposalMessagesCarryTheirBlockAndAreCheckedAsAWhole() {
        var txs = twoTransfers();
        BlockHeader h = header(9, ME.address(), txs);
        Proposal p = new Proposal(9, 2, h.hash(), -1, ME.address());
        ProposalMessage pm = ProposalMessage.sign(p, h, body(txs), ME, GENESIS);
        ProposalMessage back = ProposalMessage.decode(pm.encode(), Runtime.STANDARD);
        assertEquals(pm.proposal(), back.proposal());
        assertEquals(pm.header(), back.header());
        assertEquals(body(txs), back.body());
        assertEquals(Optional.empty(), back.problem(GENESIS));
        assertTrue(back.problem(Hash.sha256(new byte[] {6})).orElseThrow().contains("not signed"), "bound to the chain");

        KeyPair other = KeyPair.dev("//Val2");
        ProposalMessage forged = new ProposalMessage(p, other.sign(p.signingPayload(GENESIS)), h, body(txs));
        assertTrue(forged.problem(GENESIS).orElseThrow().contains("not signed by its proposer"));
        BlockHeader otherBlock = header(9, ME.address(), java.util.List.of());
        assertTrue(ProposalMessage.sign(p, otherBlock, body(java.util.List.of()), ME, GENESIS).problem(GENESIS).orElseThrow()
                .contains("hash differs"));
        BlockHeader byOther = header(9, other.address(), txs);
        Proposal forOther = new Proposal(9, 2, byOther.hash(), -1, ME.address());
        assertTrue(ProposalMessage.sign(forOther, byOther, body(txs), ME, GENESIS).problem(GENESIS).orElseThrow()
                .contains("authored by"));
        byte[] bytes = pm.encode();
        assertThrows(IllegalArgumentException.class, () -> ProposalMessage.decode(Arrays.copyOf(bytes, bytes.length - 1), Runtime.STANDARD));
    }

    @Test
    void syncMessagesCarryConsecutiveBlocksWithTheirCommits() {
        var txs = twoTransfers();
        BlockHeader h1 = header(1, ME.address(), txs);
        BlockHeader h2 = header(2, ME.address(), java.util.List.of());
        Block b1 = new Block(h1, body(txs), new Commit(1, 0, h1.hash(), java.util.List.of(Commit.precommit(ME, GENESIS, 1, 0, h1.hash()))));
        Block b2 = new Block(h2, body(java.util.List.of()), new Commit(2, 1, h2.hash(), java.util.List.of(Commit.precommit(ME, GENESIS, 2, 1, h2.hash()))));
        assertEquals(b1, Block.decode(b1.encode(), Runtime.STANDARD));

        Sync.Response r = new Sync.Response(7, java.util.List.of(b1, b2));
        Sync.Response back = Sync.Response.decode(r.encode(), Runtime.STANDARD);
        assertEquals(7, back.head());
        assertEquals(r.blocks(), back.blocks());
        assertEquals(Optional.empty(), back.blocks().get(1).commit().verify(h2, new ValidatorSet(java.util.List.of(
                new Validator(ME.address(), cess.shared.Amount.cess(1)))), GENESIS));
        assertThrows(IllegalArgumentException.class, () -> new Sync.Response(7, java.util.List.of(b2, b1)),
                "blocks must be consecutive");

        Sync.Request q = new Sync.Request(5, 64);
        assertEquals(q, Sync.Request.decode(q.encode()));
        assertThrows(IllegalArgumentException.class, () -> new Sync.Request(0, 1), "block 0 is the genesis");
        assertThrows(IllegalArgumentException.class, () -> new Sync.Request(5, Sync.MAX_BLOCKS + 1));
        byte[] tooMany = new cess.shared.Encoder().u64(5).u32(Sync.MAX_BLOCKS + 1).toBytes();
        assertThrows(IllegalArgumentException.class, () -> Sync.Request.decode(tooMany));
    }
}
