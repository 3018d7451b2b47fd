package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit must survive the process: a child JVM commits rows one by one through the node's
 * database URL and halts at once (no shutdown hook, no close, as a crash), then the rows are read back.
 */
class DatabaseDurabilityTest {
    @TempDir
    Path dir;

    /** The child: commits five rows, says so, and halts. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            c.createStatement().execute("CREATE TABLE t(id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                c.createStatement().execute("INSERT INTO t VALUES(" + i + ")");
                c.commit();
            }
            System.out.println("committed");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    @Test
    void everyCommitSurvivesACrashRightAfterIt() throws Exception {
        String url = Database.durable("jdbc:h2:file:" + dir.resolve("chain"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DatabaseDurabilityTest.class.getName(), url)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertEquals("committed", new String(p.getInputStream().readAllBytes()).trim());
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            r.next();
            assertEquals(5, r.getInt(1), "rows committed before the crash");
        }
    }

    @Test
    void onlyH2FilesGetTheSettingAndAnExplicitOneIsKept() {
        assertEquals("jdbc:h2:file:/x/chain;WRITE_DELAY=0", Database.durable("jdbc:h2:file:/x/chain"));
        assertEquals("jdbc:h2:file:/x/chain;write_delay=100", Database.durable("jdbc:h2:file:/x/chain;write_delay=100"));
        assertEquals("jdbc:h2:mem:test", Database.durable("jdbc:h2:mem:test"));
        assertEquals("jdbc:postgresql://127.0.0.1/cess", Database.durable("jdbc:postgresql://127.0.0.1/cess"));
    }
}
