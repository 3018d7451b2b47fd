package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.ChunkTree;
import cess.shared.KeyPair;
import cess.storage.model.FileLayout;
import cess.storage.model.Fragment;
import cess.storage.model.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue #20 item 4: which fragments a read hashes, and how an encrypted segment whose data
 * fragments were not hashed finds and rebuilds the one that broke a tag.
 */
class SegmentRepairTest {
    static final int K = 4;
    static final int M = 2;
    static final SegmentCodec CODEC = new SegmentCodec(K, M);
    final byte[] key = new byte[32];
    final byte[] plain = new byte[5 * FileLayout.CIPHER_CHUNK + 777];
    final byte[][] shards;
    final Segment segment;
    final int size;
    final List<Integer> corrupt = new ArrayList<>();
    final List<Integer> parityFetched = new ArrayList<>();

    SegmentRepairTest() {
        new Random(1).nextBytes(plain);
        new Random(2).nextBytes(key);
        byte[] nonce = new byte[12];
        new Random(3).nextBytes(nonce);
        byte[] sealed = SegmentCipher.seal(key, nonce, 0, plain, plain.length);
        shards = CODEC.encode(sealed, sealed.length);
        size = shards[0].length;
        List<Fragment> fragments = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            fragments.add(new Fragment(ChunkTree.root(shards[i]), KeyPair.dev("//Miner" + (i + 1)).address()));
        }
        segment = new Segment(Segment.hashOf(fragments.stream().map(Fragment::hash).toList()), sealed.length, fragments);
    }

    /** The segment as a fast-path read holds it: the k data fragments as they arrived, none hashed. */
    SegmentRepair repair(boolean[] verified, boolean parityAvailable) {
        return new SegmentRepair(segment, CODEC, size, verified, p -> {
            parityFetched.add(p);
            return parityAvailable ? shards[p].clone() : null;
        }, corrupt::add);
    }

    byte[] read(byte[][] data, SegmentRepair repair, byte[] withKey) throws IOException {
        StoredSegment s = new StoredSegment(data, size, segment.storedLength(), repair);
        byte[] head = new byte[12];
        s.copy(0, head, 0, 12);
        SegmentCipher.Opener o = new SegmentCipher.Opener(withKey, 0, head, s.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writePlain(o, 0, plain.length - 1, out, new byte[FileLayout.CIPHER_CHUNK + 16],
                new byte[FileLayout.CIPHER_CHUNK], -1);
        return out.toByteArray();
    }

    byte[][] data() {
        byte[][] d = new byte[K][];
        for (int i = 0; i < K; i++) {
            d[i] = shards[i].clone();
        }
        return d;
    }

    @Test
    void plainObjectsAndParityAreHashedOnArrivalEncryptedDataFragmentsAreNot() {
        for (int i = 0; i < K + M; i++) {
            assertTrue(SegmentRepair.hashOnArrival(false, i, K), "plain object, fragment " + i);
            assertEquals(i >= K, SegmentRepair.hashOnArrival(true, i, K), "encrypted object, fragment " + i);
        }
    }

    @Test
    void theFastPathHashesNothingWhenEveryTagChecks() throws IOException {
        boolean[] verified = new boolean[K];
        SegmentRepair r = repair(verified, true);
        assertArrayEquals(plain, read(data(), r, key));
        assertEquals(0, r.repairs());
        assertEquals(List.of(), parityFetched, "no parity fetched");
        assertArrayEquals(new boolean[K], verified, "no fragment hashed");
    }

    @Test
    void aTamperedDataFragmentBreaksATagAndIsFoundAndRebuiltFromParity() throws IOException {
        byte[][] data = data();
        data[2][size / 2] ^= 0x10;
        boolean[] verified = new boolean[K];
        SegmentRepair r = repair(verified, true);
        assertArrayEquals(plain, read(data, r, key), "the client gets the right bytes");
        assertEquals(List.of(2), corrupt, "the culprit is found and counted");
        assertEquals(1, r.repairs());
        assertEquals(List.of(K), parityFetched, "one parity fragment replaces it");
        assertArrayEquals(shards[2], Arrays.copyOf(data[2], size), "rebuilt in place");
        assertTrue(verified[2]);
    }

    @Test
    void aTamperedNonceIsRepairedToo() throws IOException {
        byte[][] data = data();
        data[0][3] ^= 0x01; // in the nonce: every chunk fails
        SegmentRepair r = repair(new boolean[K], true);
        assertArrayEquals(plain, read(data, r, key));
        assertEquals(List.of(0), corrupt);
    }

    @Test
    void aWrongKeyIsToldApartFromCorruptionWithoutARebuild() {
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        boolean[] verified = new boolean[K];
        SegmentRepair r = repair(verified, true);
        assertThrows(SegmentCipher.WrongKeyException.class, () -> read(data(), r, wrong));
        assertEquals(List.of(), corrupt);
        assertEquals(List.of(), parityFetched);
        assertTrue(verified[0], "the fragments the first chunk depends on were hashed and found good");
    }

    @Test
    void tooFewGoodFragmentsAreReportedNotServed() {
        byte[][] data = data();
        data[1][10] ^= 1;
        data[3][size - 1 - 100] ^= 1;
        SegmentRepair r = repair(new boolean[K], false);
        assertThrows(SegmentRepair.UnrepairableException.class, () -> read(data, r, key));
        assertFalse(corrupt.isEmpty());
    }

    @Test
    void aSegmentWithoutRepairFailsOnATamperedFragment() {
        byte[][] data = data();
        data[2][size / 2] ^= 0x10;
        assertThrows(SegmentCipher.WrongKeyException.class, () -> read(data, null, key));
    }
}
