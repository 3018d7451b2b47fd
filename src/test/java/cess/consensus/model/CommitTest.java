package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitTest {
    static final List<KeyPair> KEYS = List.of(KeyPair.dev("A"), KeyPair.dev("B"), KeyPair.dev("C"), KeyPair.dev("D"));
    static final ValidatorSet FOUR = new ValidatorSet(KEYS.stream().map(k -> new Validator(k.address(), Amount.ofUnits(100))).toList());
    static final Hash CHAIN = Hash.sha256(new byte[] {1});
    static final BlockHeader HEADER = new BlockHeader(7, Hash.ZERO, 1, KEYS.get(0).address(), Hash.ZERO, Hash.ZERO, 0,
            Hash.ZERO, Hash.ZERO, Hash.ZERO);

    static Commit signedBy(int n) {
        return new Commit(7, 0, HEADER.hash(), KEYS.subList(0, n).stream()
                .map(k -> Commit.precommit(k, CHAIN, 7, 0, HEADER.hash())).toList());
    }

    @Test
    void quorumIsStrictlyMoreThanTwoThirds() {
        assertFalse(FOUR.isQuorum(List.of(KEYS.get(0).address(), KEYS.get(1).address())));
        assertTrue(FOUR.isQuorum(List.of(KEYS.get(0).address(), KEYS.get(1).address(), KEYS.get(2).address())));
        ValidatorSet three = new ValidatorSet(FOUR.validators().subList(0, 3));
        assertFalse(three.isQuorum(List.of(KEYS.get(0).address(), KEYS.get(1).address())));
        assertFalse(FOUR.isQuorum(List.of(KEYS.get(0).address(), KEYS.get(0).address(), KEYS.get(1).address())),
                "a validator counts once");
    }

    @Test
    void verifiesSignaturesAndQuorum() {
        assertTrue(signedBy(3).verify(HEADER, FOUR, CHAIN).isEmpty());
        assertTrue(signedBy(2).verify(HEADER, FOUR, CHAIN).orElseThrow().contains("2/3"));
        Commit c = signedBy(3);
        Commit doubled = new Commit(7, 0, HEADER.hash(), List.of(c.signatures().get(0), c.signatures().get(0), c.signatures().get(1)));
        assertTrue(doubled.verify(HEADER, FOUR, CHAIN).orElseThrow().contains("twice"));
        Commit wrongChain = new Commit(7, 0, HEADER.hash(), KEYS.subList(0, 3).stream()
                .map(k -> Commit.precommit(k, Hash.ZERO, 7, 0, HEADER.hash())).toList());
        assertTrue(wrongChain.verify(HEADER, FOUR, CHAIN).orElseThrow().contains("bad commit signature"));
        Commit outsider = new Commit(7, 0, HEADER.hash(), List.of(Commit.precommit(KeyPair.dev("E"), CHAIN, 7, 0, HEADER.hash())));
        assertTrue(outsider.verify(HEADER, FOUR, CHAIN).orElseThrow().contains("not an on-duty validator"));
    }

    @Test
    void encodingRoundTrips() {
        Commit c = signedBy(4);
        assertEquals(c, Commit.decode(c.encode()));
    }

    @Test
    void proposerRotates() {
        Address first = FOUR.proposer(0, 0);
        assertEquals(FOUR.proposer(4, 0), first);
        assertFalse(FOUR.proposer(1, 0).equals(first));
        assertEquals(FOUR.proposer(1, 0), FOUR.proposer(0, 1));
    }
}
