package cess.security;

import cess.ledger.wire.Jsons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The node's audit log: sign-ins (good, failed, throttled) and admin actions (signatures with the
 * operator key, state-changing admin API calls), one JSON object per line in
 * {@code <cess.data.dir>/audit.0.log} (the newest of at most 16 files of 64 MiB) through the {@code java.util.logging} logger
 * {@code cess.security.audit} (not {@code cess.audit}, the storage-proof module's package; appended across restarts; not in the server log). Each line has
 * {@code time} (ISO-8601 UTC), {@code event} and the event's fields, e.g.
 * {@code {"time":"2026-12-02T03:10:00Z","event":"login_failed","channel":"console","user":"admin","address":"127.0.0.1"}}.
 * Thread-safe (java.util.logging handlers are).
 */
public final class AuditLog {
    static final Logger LOG = Logger.getLogger("cess.security.audit");

    private AuditLog() {
    }

    /** Appends one event with its fields (in order; {@code null} values are left out). */
    public static void record(String event, Map<String, String> fields) {
        Holder.ensure();
        var line = Jsons.createObjectBuilder().add("time", Instant.now().toString()).add("event", event);
        fields.forEach((k, v) -> {
            if (v != null) {
                line.add(k, v);
            }
        });
        LOG.info(line.build().toString());
    }

    /** The file handler, opened on first use (the data directory is known only once config is). */
    private static final class Holder {
        static {
            Path dir = Path.of(ConfigProvider.getConfig().getValue("cess.data.dir", String.class)).toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
                // Bounded: 16 files of 64 MiB, audit.0.log the newest, so a flood of refused logins cannot fill the disk.
                FileHandler file = new FileHandler(dir.resolve("audit.%g.log").toString(), 64 << 20, 16, true);
                file.setFormatter(new Formatter() {
                    @Override
                    public String format(LogRecord r) {
                        return r.getMessage() + System.lineSeparator();
                    }
                });
                file.setLevel(Level.INFO);
                LOG.setUseParentHandlers(false);
                LOG.setLevel(Level.INFO);
                LOG.addHandler(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the audit log in " + dir, e);
            }
        }

        static void ensure() {
            // loading the class opened the file
        }
    }
}
