package cess.consensus.control;

import cess.ledger.model.Balances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.BlockHeader;
import cess.ledger.model.Account;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateTrie;
import cess.ledger.model.StateValue;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state trie's file: used only for the head it was written for, refused when damaged. */
class TrieSnapshotsTest {
    @TempDir
    Path dir;

    static StateTrie trie(int n) {
        TreeMap<StateKey, StateValue> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(new StateKey(Balances.ACCOUNT, "a" + i), new Account(Amount.ofUnits(i + 1), 0));
        }
        return StateTrie.of(m);
    }

    static BlockHeader head(long height, Hash stateRoot) {
        return new BlockHeader(height, Hash.sha256(new byte[] {(byte) height}), 1000 + height,
                KeyPair.dev("//Alice").address(), Hash.ZERO, stateRoot, 0, Hash.ZERO, Hash.ZERO, Hash.ZERO);
    }

    @Test
    void theHeadsTrieReadsBackAndAnyOtherHeadRebuilds() {
        StateTrie t = trie(300);
        BlockHeader h = head(7, t.root());
        TrieSnapshots s = new TrieSnapshots(dir, Runnable::run);
        assertTrue(s.load(h, 300).isEmpty(), "no file yet");
        s.save(h, t);
        assertEquals(t.root(), s.load(h, 300).orElseThrow().root());
        assertTrue(s.load(head(8, t.root()), 300).isEmpty(), "another height");
        assertTrue(s.load(head(7, Hash.sha256(new byte[] {1})), 300).isEmpty(), "another state root");
        assertTrue(s.load(h, 299).isEmpty(), "another number of entries in the stored state");
        assertFalse(Files.exists(dir.resolve("state-trie.bin.tmp")));
    }

    @Test
    void aDamagedFileIsRefused() throws Exception {
        StateTrie t = trie(100);
        BlockHeader h = head(3, t.root());
        TrieSnapshots s = new TrieSnapshots(dir, Runnable::run);
        s.save(h, t);
        Path f = dir.resolve("state-trie.bin");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 40] ^= 1; // a leaf's path or hash near the end
        Files.write(f, b);
        assertTrue(s.load(h, 100).isEmpty());
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(s.load(h, 100).isEmpty());
    }

    @Test
    void blocksWriteTheTrieEveryThousandBlocksInTheBackground() {
        List<Runnable> queued = new ArrayList<>();
        TrieSnapshots s = new TrieSnapshots(dir, queued::add);
        StateTrie t = trie(10);
        s.blockFinalized(head(999, t.root()), t);
        assertTrue(queued.isEmpty());
        s.blockFinalized(head(1000, t.root()), t);
        s.blockFinalized(head(2000, t.root()), t);
        assertEquals(1, queued.size(), "one write at a time: a block that finds one running skips its turn");
        queued.get(0).run();
        assertEquals(t.root(), s.load(head(1000, t.root()), 10).orElseThrow().root());
        s.blockFinalized(head(3000, t.root()), t);
        assertEquals(2, queued.size(), "the next turn writes again once the last write finished");
    }
}
