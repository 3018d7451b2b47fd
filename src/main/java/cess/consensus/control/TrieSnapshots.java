package cess.consensus.control;

import cess.consensus.model.BlockHeader;
import cess.ledger.model.StateTrie;
import cess.shared.Hash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The state trie on the disk, so that a node's start reads its commitment instead of rehashing
 * the whole state (about 24 s for a million accounts on this project's 2-core machine). One file,
 * {@code state-trie.bin} in the data directory, holds the trie of one block: written on a clean
 * stop and every {@link #EVERY_BLOCKS} blocks (in the background: the trie is immutable, so
 * writing it needs no lock), always to a temporary file that is synced and then renamed over the
 * old one, and ends with the SHA-256 of what comes before it. A start uses it only if it is the trie of the head block (its height, hash and state
 * root); after a crash it is older, and the start builds the trie from the state as before.
 *
 * <p>Thread-safe: at most one background write runs at a time; a block that finds one running
 * skips its turn.
 */
final class TrieSnapshots {
    static final long EVERY_BLOCKS = 1000;
    private static final byte[] MAGIC = {'C', 'E', 'S', 'S', 'T', 'R', 'I', 'E'};
    private static final int VERSION = 1;
    private static final Logger LOG = Logger.getLogger(TrieSnapshots.class.getName());

    private final Path file;
    private final Executor background;
    private final AtomicBoolean writing = new AtomicBoolean();

    TrieSnapshots(Path dataDir, Executor background) {
        this.file = dataDir.resolve("state-trie.bin");
        this.background = background;
    }

    /** The stored trie if it is {@code head}'s and holds {@code entries} entries; else empty. */
    Optional<StateTrie> load(BlockHeader head, int entries) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        MessageDigest sha = Hash.newSha256();
        try (InputStream raw = Files.newInputStream(file);
             DigestInputStream digested = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha);
             DataInputStream in = new DataInputStream(digested)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
                LOG.warning(() -> file + " is not a state trie of this version; the start rebuilds it");
                return Optional.empty();
            }
            long height = in.readLong();
            Hash block = readHash(in);
            Hash root = readHash(in);
            if (height != head.height() || !block.equals(head.hash()) || !root.equals(head.stateRoot())) {
                LOG.info(() -> "the stored state trie is block " + height + "'s, the head is " + head.height()
                        + " (the node did not stop cleanly): the start rebuilds it from the state");
                return Optional.empty();
            }
            StateTrie trie = StateTrie.readFrom(in);
            digested.on(false);
            byte[] sum = new byte[Hash.LENGTH];
            in.readFully(sum);
            if (!Arrays.equals(sum, sha.digest()) || in.read() != -1) {
                LOG.warning(() -> file + " is damaged (its checksum does not match); the start rebuilds the state trie");
                return Optional.empty();
            }
            if (!trie.root().equals(root) || trie.size() != entries) {
                LOG.warning(() -> file + " does not match the head's state; the start rebuilds it");
                return Optional.empty();
            }
            LOG.info(() -> "state trie of block " + height + " read from " + file + " (" + entries + " entries)");
            return Optional.of(trie);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, file + " is unreadable; the start rebuilds the state trie", e);
            return Optional.empty();
        }
    }

    /** After block {@code head} is final: writes its trie in the background every {@link #EVERY_BLOCKS} blocks. */
    void blockFinalized(BlockHeader head, StateTrie trie) {
        if (head.height() % EVERY_BLOCKS != 0 || !writing.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    save(head, trie);
                } finally {
                    writing.set(false);
                }
            });
        } catch (RuntimeException e) {
            writing.set(false);
            LOG.log(Level.FINE, "no thread for the state trie's snapshot; a later block writes it", e);
        }
    }

    /** Writes {@code head}'s trie now (a clean stop); a failure is logged, never thrown: the next start rebuilds. */
    synchronized void save(BlockHeader head, StateTrie trie) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            MessageDigest sha = Hash.newSha256();
            try (FileOutputStream raw = new FileOutputStream(tmp.toFile());
                 BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                 DataOutputStream out = new DataOutputStream(new DigestOutputStream(buffered, sha))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(head.height());
                out.write(head.hash().bytes());
                out.write(head.stateRoot().bytes());
                trie.writeTo(out);
                out.flush();
                buffered.write(sha.digest()); // the checksum of everything before it
                buffered.flush();
                raw.getChannel().force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.fine(() -> "state trie of block " + head.height() + " written (" + trie.size() + " entries)");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the state trie to " + file + "; the next start rebuilds it", e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next write replaces it
            }
        }
    }

    private static Hash readHash(DataInputStream in) throws IOException {
        byte[] h = new byte[Hash.LENGTH];
        in.readFully(h);
        return Hash.of(h);
    }
}
