package cess.security;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The nonces of native request signatures, on the disk, so that a restarted node still refuses
 * a signature it took before it stopped, until that signature expires. One append-only file per
 * hour of admission under {@code <cess.data.dir>/nonces/} ({@code <hour>.log}, a line
 * {@code account nonce expires} per admitted signature, written and flushed to the operating
 * system before the request goes on: a killed process loses nothing, a machine that loses power
 * may lose the last moments). Signatures expire at most an hour after they are made, so a file is
 * deleted once it is more than two hours old. Thread-safe.
 */
final class NonceJournal {
    private static final Logger LOG = Logger.getLogger(NonceJournal.class.getName());
    private static final long HOUR = 3600;

    /** One remembered signature. */
    record Entry(String account, String nonce, long expires) {
    }

    private final Path dir;
    private long openHour = -1;
    private BufferedWriter out;

    NonceJournal(Path dir) {
        this.dir = dir;
    }

    /** The entries not yet expired at {@code nowSeconds}; files too old to hold any are deleted. */
    synchronized List<Entry> load(long nowSeconds) {
        List<Entry> live = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return live;
        }
        try {
            for (Path f : liveFiles(nowSeconds)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String[] p = line.split(" ");
                    if (p.length == 3 && p[2].matches("\\d{1,18}") && Long.parseLong(p[2]) > nowSeconds) {
                        live.add(new Entry(p[0], p[1], Long.parseLong(p[2])));
                    } // a line cut short by a crash is skipped
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signature nonces in " + dir, e);
        }
        return live;
    }

    /** Appends an admitted signature's nonce; it must be on its way to the disk before the request is served. */
    synchronized void record(String account, String nonce, long expires, long nowSeconds) {
        long hour = nowSeconds / HOUR;
        try {
            if (hour != openHour) {
                if (out != null) {
                    out.close();
                }
                Files.createDirectories(dir);
                out = Files.newBufferedWriter(dir.resolve(hour + ".log"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                openHour = hour;
                prune(nowSeconds);
            }
            out.write(account + " " + nonce + " " + expires + "\n");
            out.flush();
        } catch (IOException e) {
            out = null;
            openHour = -1;
            throw new UncheckedIOException("cannot record a signature's nonce in " + dir, e);
        }
    }

    private void prune(long nowSeconds) {
        try {
            liveFiles(nowSeconds);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete old nonce files in " + dir, e);
        }
    }

    /** The hour files that may still hold an unexpired nonce; older ones are deleted on the way. */
    private List<Path> liveFiles(long nowSeconds) throws IOException {
        List<Path> live = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d+\\.log")).toList()) {
                long hour = Long.parseLong(f.getFileName().toString().replace(".log", ""));
                if ((hour + 2) * HOUR < nowSeconds) {
                    Files.deleteIfExists(f);
                } else {
                    live.add(f);
                }
            }
        }
        return live;
    }
}
