package cess.runtime.control;

import cess.audit.model.idle.FillerCommitment;
import cess.audit.model.idle.FillerIndex;
import cess.audit.model.idle.FillerLabels;
import cess.audit.model.idle.FillerStore;
import cess.audit.model.idle.IdleParams;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.control.FragmentStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A hosted miner's filler on its disk, beside its fragments: under {@code <miner dir>/filler/},
 * per unit {@code <16 hex digits>.labels} (the unit's labels), {@code .index} (its
 * {@link FillerIndex} pages) and {@code .root} (its 32-byte root). Each file is written to a
 * temporary name, forced and renamed into place, the root last, so a unit whose root file exists
 * is whole: after a restart {@link #root} finds it and nothing is regenerated. Reads take only
 * the block and the index pages a proof opens. Thread-safe (no state but the directory).
 */
public final class FillerFiles implements FillerStore {
    private final Path dir;
    private final IdleParams params;

    public FillerFiles(Path minerDir, IdleParams params) {
        this.dir = minerDir.resolve("filler");
        this.params = params;
    }

    /** The directory the units live in. */
    public Path dir() {
        return dir;
    }

    private Path file(long unit, String ext) {
        return dir.resolve(String.format("%016x", unit) + ext);
    }

    /**
     * Generates unit {@code unit} of {@code miner} on {@code network}, writes it durably and returns
     * its root. Holds the unit's labels in memory while it fills ({@link IdleParams#unitBytes}).
     */
    public Hash generate(Hash network, Address miner, long unit) throws IOException {
        byte[] labels = new byte[params.unitBytes()];
        new FillerLabels(params).fill(FillerLabels.unitSeed(network, miner, unit), labels);
        FillerIndex.Built built = FillerIndex.build(labels);
        Files.createDirectories(dir);
        FragmentStore.writeAtomically(file(unit, ".labels"), labels, true);
        FragmentStore.writeAtomically(file(unit, ".index"), built.pages(), true);
        FragmentStore.writeAtomically(file(unit, ".root"), built.root().bytes(), true);
        return built.root();
    }

    /** The root of unit {@code unit} if the unit is whole on disk (its three files, of their sizes). */
    public Optional<Hash> root(long unit) throws IOException {
        Path root = file(unit, ".root");
        Path labels = file(unit, ".labels");
        Path index = file(unit, ".index");
        if (!Files.isRegularFile(root) || !Files.isRegularFile(labels) || !Files.isRegularFile(index)
                || Files.size(labels) != params.unitBytes()
                || Files.size(index) != (long) FillerIndex.pages(params.labels()) * FillerIndex.PAGE_BYTES) {
            return Optional.empty();
        }
        byte[] h = Files.readAllBytes(root);
        return h.length == Hash.LENGTH ? Optional.of(Hash.of(h)) : Optional.empty();
    }

    /** Removes unit {@code unit}'s files (service data took its room); the root first, so a torn removal reads as absent. */
    public void delete(long unit) throws IOException {
        Files.deleteIfExists(file(unit, ".root"));
        Files.deleteIfExists(file(unit, ".labels"));
        Files.deleteIfExists(file(unit, ".index"));
    }

    @Override
    public byte[] block(long unit, int block) throws IOException {
        return read(file(unit, ".labels"), (long) block * FillerCommitment.BLOCK_BYTES, FillerCommitment.BLOCK_BYTES, unit);
    }

    @Override
    public byte[] indexPage(long unit, int page) throws IOException {
        return read(file(unit, ".index"), (long) page * FillerIndex.PAGE_BYTES, FillerIndex.PAGE_BYTES, unit);
    }

    private static byte[] read(Path p, long at, int length, long unit) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "filler unit " + unit + " is not on disk");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, at + buf.position()) < 0) {
                    throw new EOFException("filler unit " + unit + ": " + p.getFileName() + " ends before byte " + (at + length));
                }
            }
        }
        return buf.array();
    }
}
