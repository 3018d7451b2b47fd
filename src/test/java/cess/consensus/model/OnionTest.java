package cess.consensus.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The RANDAO hash onion: reveals peel it layer by layer, and the mix depends on every reveal. */
class OnionTest {
    @Test
    void revealsPeelAHashOnionAndTheSeedDependsOnEveryOne() {
        Hash c0 = Hash.sha256("validator secret".getBytes());
        Hash c1 = Hash.sha256(c0.bytes());
        Hash c2 = Hash.sha256(c1.bytes());
        assertTrue(Onion.verifyReveal(c1, c2), "epoch 1 reveals the layer under the published one");
        assertTrue(Onion.verifyReveal(c0, c1), "epoch 2 the next");
        assertFalse(Onion.verifyReveal(c0, c2), "no skipping layers");
        assertFalse(Onion.verifyReveal(Hash.sha256(new byte[] {1}), c2));
        assertEquals(c2, Onion.onionLayer(c0, 2));
        assertEquals(c0, Onion.onionLayer(c0, 0));
        assertTrue(Onion.verifyReveal(Onion.onionLayer(c0, 999), Onion.onionLayer(c0, 1000)));
        Hash seed = Hash.sha256(new byte[] {7});
        Hash a = Hash.sha256(new byte[] {1});
        Hash b = Hash.sha256(new byte[] {2});
        assertEquals(Onion.mix(seed, List.of(a, b)), Onion.mix(seed, List.of(a, b)));
        assertNotEquals(Onion.mix(seed, List.of(a, b)), Onion.mix(seed, List.of(b, a)));
        assertNotEquals(Onion.mix(seed, List.of(a, b)), Onion.mix(seed, List.of(a)), "a withheld reveal changes the seed");
        assertNotEquals(Onion.mix(seed, List.of(a)), Onion.mix(Hash.sha256(new byte[] {8}), List.of(a)));
    }

    @Test
    void aNodesOnionDerivesFromItsKeyAndRevealsNothingOfIt() {
        KeyPair alice = KeyPair.dev("//Alice");
        KeyPair bob = KeyPair.dev("//Bob");
        Hash outer = Onion.onionCommitment(alice.seed());
        assertEquals(outer, Onion.onionCommitment(alice.seed()), "the same key gives the same onion every time");
        assertNotEquals(outer, Onion.onionCommitment(bob.seed()));
        Hash secret = Onion.onionSecret(alice.seed());
        assertNotEquals(Hash.of(alice.seed()), secret, "the secret is not the seed");
        assertEquals(outer, Onion.onionLayer(secret, Onion.ONION_DEPTH));
        assertTrue(Onion.verifyReveal(Onion.onionLayer(secret, Onion.ONION_DEPTH - 1), outer), "the first reveal peels it");
        assertNotEquals(Onion.mix(outer, secret), Onion.mix(outer, outer), "the mix depends on the reveal");
    }
}
