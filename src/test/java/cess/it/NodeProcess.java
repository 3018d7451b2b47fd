package cess.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real node: Payara Micro started as its own process, exactly as README documents
 * ({@code java -jar payara-micro.jar --deploy cess-node.war --contextroot / --port P --nohazelcast
 * --prebootcommandfile docker/pre-boot-commands.txt}), on
 * 127.0.0.1 with its own data directory. {@link #close()} always stops it.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final String host;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, String host, int port, Path log) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.log = log;
    }

    static NodeProcess start(Path dataDir, String name) throws IOException {
        return start(dataDir, name, new String[0]);
    }

    /** Starts a node with extra JVM options (node settings as {@code -Dcess.…=…}). */
    static NodeProcess start(Path dataDir, String name, String... jvmOptions) throws IOException {
        return start(List.of(), "127.0.0.1", freePort(), dataDir, name, jvmOptions);
    }

    /**
     * Starts a node on 127.0.0.1 at a port chosen beforehand ({@link #freePort}), for a node
     * whose settings name its own URL ({@code cess.public.url}).
     */
    static NodeProcess startAt(int port, Path dataDir, String name, String... jvmOptions) throws IOException {
        return start(List.of(), "127.0.0.1", port, dataDir, name, jvmOptions);
    }

    /**
     * Starts a node on host {@code i} of a test network ({@link NetNs}): in that namespace, its
     * HTTP listener on the host's address (port 8080, the namespace's own), reached from the
     * test through the bridge.
     */
    static NodeProcess startOn(NetNs net, int i, Path dataDir, String name, String... jvmOptions) throws IOException {
        return start(net.on(i), net.address(i), 8080, dataDir, name, jvmOptions);
    }

    private static NodeProcess start(List<String> prefix, String host, int port, Path dataDir, String name,
                                     String... jvmOptions) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(name + "-" + port + ".log");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dcess.data.dir=" + dataDir));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("cess.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nohazelcast", "--prebootcommandfile", preBootCommands(),
                "--rootdir", dataDir.resolveSibling(name + "-payara").toString()));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(dataDir.toFile());
        b.environment().put("CESS_HTTP_ADDRESS", host);
        Process p = b.start();
        NodeProcess node = new NodeProcess(p, host, port, log);
        try {
            node.awaitReady(Duration.ofSeconds(300)); // a loaded 2-core machine has taken over 3 minutes
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The project's Payara Micro boot commands (bind to 127.0.0.1, socket read timeout), as README runs them. */
    static String preBootCommands() {
        return Path.of(System.getProperty("cess.payara.preboot", "docker/pre-boot-commands.txt")).toAbsolutePath().toString();
    }

    /** The operating system's process id of the node's JVM. */
    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** The node's console output (its log). */
    Path log() {
        return log;
    }

    String url() {
        return "http://" + host + ":" + port;
    }

    NodeApi api() {
        return new NodeApi(url());
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/chain/head")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            NodeApi.sleep(250);
        }
        throw new IllegalStateException("node not ready after " + timeout + "; see " + log);
    }

    /** Stops the node as an operator would (SIGTERM), waiting for a clean shutdown, then kills it. */
    @Override
    public void close() {
        stop(process, 60);
    }

    /** SIGTERM, up to {@code graceSeconds} for a clean exit, then SIGKILL. */
    static void stop(Process process, int graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path freshDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("cess.it.dir"), name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Copies the {@code .log} files under {@code root} to {@code target/it-logs} (named
     * {@code prefix-…}) for a look after a failure, then deletes {@code root}: the data goes.
     */
    static void keepLogsAndDelete(Path root, String prefix) throws IOException {
        Path logs = Path.of(System.getProperty("cess.it.dir")).resolveSibling("it-logs");
        Files.createDirectories(logs);
        try (var s = Files.list(root)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".log")).toList()) {
                Files.copy(p, logs.resolve(prefix + "-" + p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        deleteTree(root);
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
