package cess.gateway.model;

import cess.storage.model.Segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GatewayModelTest {
    static final List<Address> MINERS = java.util.stream.IntStream.rangeClosed(1, 8)
            .mapToObj(i -> KeyPair.dev("//Miner" + i).address()).toList();

    @Test
    void placementPicksDistinctMinersWeightedByFreeSpaceAndReproducibly() {
        List<Placement.Candidate> cands = new ArrayList<>();
        for (int i = 0; i < MINERS.size(); i++) {
            cands.add(new Placement.Candidate(MINERS.get(i), i == 0 ? 8_000_000 : 1_000_000));
        }
        Map<Address, Integer> firstPicks = new HashMap<>();
        SplittableRandom r = new SplittableRandom(42);
        for (int run = 0; run < 20_000; run++) {
            List<Address> chosen = Placement.choose(cands, 6, 100, Set.of(), r);
            assertEquals(6, new HashSet<>(chosen).size(), "distinct miners");
            firstPicks.merge(chosen.get(0), 1, Integer::sum);
        }
        // Miner 0 has 8/15 of the free space, so it should be drawn first about 53 % of the time.
        double share = firstPicks.get(MINERS.get(0)) / 20_000.0;
        assertTrue(share > 0.50 && share < 0.57, "weighted by free space: " + share);
        List<Placement.Candidate> shuffled = new ArrayList<>(cands);
        java.util.Collections.reverse(shuffled);
        assertEquals(Placement.choose(cands, 6, 100, Set.of(), new SplittableRandom(7)),
                Placement.choose(shuffled, 6, 100, Set.of(), new SplittableRandom(7)), "same seed, same placement");
    }

    @Test
    void placementSkipsFullAndExcludedMinersAndSaysWhenTooFewRemain() {
        List<Placement.Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cands.add(new Placement.Candidate(MINERS.get(i), i == 0 ? 50 : 1000));
        }
        for (int run = 0; run < 200; run++) {
            List<Address> chosen = Placement.choose(cands, 4, 100, Set.of(MINERS.get(1)), new SplittableRandom(run));
            assertFalse(chosen.contains(MINERS.get(0)), "a full miner takes nothing");
            assertFalse(chosen.contains(MINERS.get(1)), "an excluded miner takes nothing");
        }
        assertThrows(IllegalStateException.class, () -> Placement.choose(cands, 5, 100, Set.of(MINERS.get(1)),
                new SplittableRandom(1)));
    }

    @Test
    void codecRebuildsFromAnyKFragments() {
        SegmentCodec codec = new SegmentCodec(4, 2);
        for (int length : new int[] {1, 3, 4, 5, 1000, 4097}) {
            byte[] seg = new byte[length + 7];
            new Random(length).nextBytes(seg);
            byte[][] frags = codec.encode(seg, length);
            assertEquals(6, frags.length);
            for (int a = 0; a < 6; a++) {
                for (int b = a + 1; b < 6; b++) {
                    byte[][] some = frags.clone();
                    some[a] = null;
                    some[b] = null;
                    assertArrayEquals(java.util.Arrays.copyOf(seg, length), codec.decode(some, length),
                            "length " + length + " without fragments " + a + " and " + b);
                }
            }
        }
    }

    @Test
    void cipherRoundTripsAndRefusesWrongKeysSwappedSegmentsAndTampering() {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        byte[] nonce = new byte[12];
        byte[] plain = "segment bytes".getBytes();
        byte[] sealed = SegmentCipher.seal(key, nonce, 3, plain, plain.length);
        assertEquals(plain.length + 28, sealed.length);
        assertArrayEquals(plain, SegmentCipher.open(key, 3, sealed, sealed.length));
        byte[] other = key.clone();
        other[0] ^= 1;
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(other, 3, sealed, sealed.length));
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 4, sealed, sealed.length),
                "a segment cannot be moved to another index");
        byte[] tampered = sealed.clone();
        tampered[15] ^= 1;
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 3, tampered, tampered.length));
        Address alice = KeyPair.dev("//Alice").address();
        Address bob = KeyPair.dev("//Bob").address();
        assertArrayEquals(SegmentCipher.keyFromPassphrase("pw", alice), SegmentCipher.keyFromPassphrase("pw", alice));
        assertFalse(java.util.Arrays.equals(SegmentCipher.keyFromPassphrase("pw", alice),
                SegmentCipher.keyFromPassphrase("pw", bob)), "salted with the owner");
    }

    @Test
    void segmentsAreSealedInChunksThatCannotBeCutSwappedOrMoved() {
        int chunk = cess.storage.model.FileLayout.CIPHER_CHUNK;
        byte[] key = new byte[32];
        new Random(2).nextBytes(key);
        byte[] nonce = new byte[12];
        new Random(3).nextBytes(nonce);
        for (int length : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, 3 * chunk + 5}) {
            byte[] plain = new byte[length];
            new Random(length).nextBytes(plain);
            byte[] sealed = SegmentCipher.seal(key, nonce, 9, plain, length);
            assertEquals(cess.storage.model.FileLayout.sealedLength(length), sealed.length);
            assertEquals(length, cess.storage.model.FileLayout.plainLength(sealed.length));
            assertArrayEquals(plain, SegmentCipher.open(key, 9, sealed, sealed.length), "length " + length);
        }
        byte[] plain = new byte[2 * chunk + 100];
        new Random(4).nextBytes(plain);
        byte[] sealed = SegmentCipher.seal(key, nonce, 1, plain, plain.length);
        int whole = chunk + 16;
        // Cut at a chunk boundary: the lengths still parse, but the new last chunk was not sealed as last.
        byte[] cut = java.util.Arrays.copyOf(sealed, 12 + 2 * whole);
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 1, cut, cut.length));
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, 12, swapped, 12 + whole, whole);
        System.arraycopy(sealed, 12 + whole, swapped, 12, whole);
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 1, swapped, swapped.length));
        byte[] flipped = sealed.clone();
        flipped[sealed.length - 1] ^= 1;
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 1, flipped, flipped.length));
        assertThrows(SegmentCipher.WrongKeyException.class, () -> SegmentCipher.open(key, 1, sealed, 12 + whole + 5),
                "a length no plaintext seals to");
        for (int n = 0; n < 3 * whole; n += 997) {
            int p = cess.storage.model.FileLayout.plainLength(n);
            if (p >= 0) {
                assertEquals(n, cess.storage.model.FileLayout.sealedLength(p), "inverse at " + n);
            }
        }
    }

    @Test
    void codingIntoReusedArraysGivesTheSameFragments() {
        SegmentCodec codec = new SegmentCodec(4, 2);
        byte[] segment = new byte[10_003];
        new Random(5).nextBytes(segment);
        int size = Segment.fragmentSize(segment.length, 4);
        byte[][] dirty = new byte[6][size];
        for (byte[] d : dirty) {
            java.util.Arrays.fill(d, (byte) 0x5a); // what a previous segment left in a pooled array
        }
        byte[][] fresh = codec.encode(segment, segment.length);
        byte[][] reused = codec.encode(segment, segment.length, dirty);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(fresh[i], reused[i], "fragment " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> codec.encode(segment, segment.length, new byte[6][size + 1]));
        byte[] sealed = new byte[cess.storage.model.FileLayout.sealedLength(segment.length) + 7];
        byte[] key = new byte[32];
        int n = SegmentCipher.seal(key, new byte[12], 2, segment, segment.length, sealed);
        assertArrayEquals(segment, SegmentCipher.open(key, 2, sealed, n));
    }

    @Test
    void rangesFollowHttpSemantics() {
        assertEquals(Optional.of(new ByteRange(0, 0)), ByteRange.parse("bytes=0-0", 10));
        assertEquals(Optional.of(new ByteRange(5, 9)), ByteRange.parse("bytes=5-", 10));
        assertEquals(Optional.of(new ByteRange(7, 9)), ByteRange.parse("bytes=-3", 10));
        assertEquals(Optional.of(new ByteRange(0, 9)), ByteRange.parse("bytes=-30", 10));
        assertEquals(Optional.of(new ByteRange(2, 9)), ByteRange.parse("bytes=2-100", 10));
        assertEquals(Optional.empty(), ByteRange.parse(null, 10));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,3-4", 10), "several ranges: whole object");
        assertEquals(Optional.empty(), ByteRange.parse("bytes=5-2", 10));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 10));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=10-", 10));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 10));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
    }
}
