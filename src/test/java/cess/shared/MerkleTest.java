package cess.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTest {
    private static Hash h(int i) {
        return Hash.sha256(new byte[] {(byte) i});
    }

    @Test
    void singleLeafIsItsLeafHash() {
        assertEquals(Merkle.leaf(h(1).bytes()), Merkle.root(List.of(h(1))));
    }

    @Test
    void twoLeavesByHand() {
        Hash expected = Hash.sha256(new byte[] {1}, Merkle.leaf(h(1).bytes()).bytes(), Merkle.leaf(h(2).bytes()).bytes());
        assertEquals(expected, Merkle.root(List.of(h(1), h(2))));
    }

    @Test
    void oddLeafIsPromotedNotDuplicated() {
        assertNotEquals(Merkle.root(List.of(h(1), h(2), h(3))), Merkle.root(List.of(h(1), h(2), h(3), h(3))));
    }

    @Test
    void orderMattersAndEmptyIsDistinct() {
        assertNotEquals(Merkle.root(List.of(h(1), h(2))), Merkle.root(List.of(h(2), h(1))));
        assertNotEquals(Merkle.root(List.of()), Merkle.root(List.of(h(0))));
        assertEquals(Merkle.root(List.of()), Merkle.root(List.of()));
    }

    @Test
    void leafCannotPoseAsInnerNode() {
        Hash inner = Merkle.root(List.of(h(1), h(2)));
        assertNotEquals(inner, Merkle.root(List.of(inner)));
    }
}
