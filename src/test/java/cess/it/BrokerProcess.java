package cess.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import cess.network.control.BrokerSecurity;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A standalone ActiveMQ Artemis broker in its own JVM on 127.0.0.1, the one the nodes of a
 * multi-node test join ({@code cess.broker.url}), so that any node can stop without taking the
 * network's broker with it. Its security is the nodes' ({@link BrokerSecurity}): only the users
 * of the network's users file log in, each confined to its own queues. {@link #close()} always
 * stops it.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a broker process listening on a free loopback port, whose node users are those of
     * {@code usersFile} (as {@code genesis} writes it); its log goes next to {@code dir}.
     */
    static BrokerProcess start(Path dir, Path usersFile) throws IOException {
        int port = NodeProcess.freePort();
        Files.createDirectories(dir);
        Path log = dir.resolveSibling("broker-" + port + ".log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                Integer.toString(port), dir.toString(), usersFile.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BrokerProcess b = new BrokerProcess(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return b;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    b.close();
                    throw new IllegalStateException("broker did not start; see " + log);
                }
                NodeApi.sleep(200);
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        NodeProcess.stop(process, 30);
    }

    /** The broker's own process: {@code port dir usersFile}, secured as a node's embedded broker is. Runs until killed. */
    public static void main(String[] args) throws Exception {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("cess-test-broker");
        c.setPersistenceEnabled(false);
        c.setJMXManagementEnabled(false);
        c.setBrokerInstance(Path.of(args[1]).toFile());
        c.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + args[0]);
        BrokerSecurity security = BrokerSecurity.fromUsersFile(Path.of(args[2]), java.util.Set.of());
        security.applyTo(c);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(c).setSecurityManager(security.securityManager())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("broker listening on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}
