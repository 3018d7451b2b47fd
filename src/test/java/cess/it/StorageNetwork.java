package cess.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A storage network on 127.0.0.1 as README's "A network on one machine" runs it: node A, the
 * validator and a gateway, embedding the broker, hosting //Miner1 and //Miner2 (and any genesis
 * miner past //Miner6); B and C storage-only, hosting //Miner3-4 and //Miner5-6; D gateway-only;
 * and E, a second gateway-only node without a segment cache ({@code cess.cache.bytes=0}), whose
 * every read goes to the miners (and so through parity when a storage node is down).
 * Each node has its own key, broker login, port, data directory and {@code cess.public.url}, and
 * segments of 1 MiB, so that small objects span several. {@link #close} stops every node.
 */
final class StorageNetwork implements AutoCloseable {
    static final int SEGMENT = 1 << 20;
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final KeyPair CHARLIE = KeyPair.dev("//Charlie");
    static final KeyPair DAVE = KeyPair.dev("//Dave");
    static final KeyPair EVE = KeyPair.dev("//Eve");

    final Path root;
    final int brokerPort;
    final Path users;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    /** Which node hosts each miner. */
    final Map<Address, String> hostOf = new LinkedHashMap<>();

    /** The node names, in order: {@code a} first (it embeds the broker). */
    static final List<String> NAMES = List.of("a", "b", "c", "d", "e");
    /** The test network whose hosts the nodes run on, {@code a} on host 0 and so on; null: 127.0.0.1. */
    final NetNs hosts;
    /** Extra JVM options for every node. */
    final List<String> extra = new ArrayList<>();

    StorageNetwork(Path root) throws IOException {
        this(root, null);
    }

    /** On {@code hosts} (one a node, {@link #NAMES} order) when not null, else on 127.0.0.1. */
    StorageNetwork(Path root, NetNs hosts) throws IOException {
        this.root = root;
        this.hosts = hosts;
        this.brokerPort = NodeProcess.freePort();
        this.users = root.resolve("broker-users.properties");
        Files.writeString(users, BOB.address().ss58() + " = bob-broker-pw\n" + CHARLIE.address().ss58()
                + " = charlie-broker-pw\n" + DAVE.address().ss58() + " = dave-broker-pw\n" + EVE.address().ss58()
                + " = eve-broker-pw\n");
        for (String n : List.of("a", "b", "c", "d", "e")) {
            ports.put(n, NodeProcess.freePort());
        }
        List<String> onA = new ArrayList<>();
        for (int i : genesisMiners()) {
            String host = i == 3 || i == 4 ? "b" : i == 5 || i == 6 ? "c" : "a";
            hostOf.put(KeyPair.dev("//Miner" + i).address(), host);
            if (host.equals("a")) {
                onA.add("//Miner" + i);
            }
        }
        this.minersOfA = String.join(",", onA);
    }

    private final String minersOfA;

    /** The dev miners (numbers) of the bundled devnet genesis. */
    static List<Integer> genesisMiners() throws IOException {
        try (InputStream in = StorageNetwork.class.getResourceAsStream("/cess/genesis/devnet.json");
             var r = Json.createReader(in)) {
            Set<String> registered = new HashSet<>();
            for (JsonValue v : r.readObject().getJsonArray("miners")) {
                registered.add(v.asJsonObject().getString("address"));
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 1; i <= 64; i++) {
                if (registered.contains(KeyPair.dev("//Miner" + i).address().ss58())) {
                    out.add(i);
                }
            }
            return out;
        }
    }

    String url(String node) {
        return hosts == null ? "http://127.0.0.1:" + ports.get(node) : "http://" + hosts.address(NAMES.indexOf(node)) + ":8080";
    }

    /** Where A's embedded broker listens. */
    String brokerAddress() {
        return (hosts == null ? "127.0.0.1:" + brokerPort : hosts.address(0) + ":61616");
    }

    Path dataDir(String node) {
        return root.resolve(node);
    }

    NodeProcess node(String name) {
        return nodes.get(name);
    }

    /** The command line settings of each node (JVM options), as README gives them. */
    String[] options(String node) {
        String[] own = ownOptions(node);
        String[] all = java.util.Arrays.copyOf(own, own.length + extra.size());
        for (int i = 0; i < extra.size(); i++) {
            all[own.length + i] = extra.get(i);
        }
        return all;
    }

    private String[] ownOptions(String node) {
        String broker = "-Dcess.broker.url=tcp://" + brokerAddress();
        String segment = "-Dcess.segment.bytes=" + SEGMENT;
        String publicUrl = "-Dcess.public.url=" + url(node);
        return switch (node) {
            case "a" -> new String[] {"-Dcess.broker.listen=" + brokerAddress(), "-Dcess.broker.users=" + users,
                    "-Dcess.miners=" + minersOfA, publicUrl, segment};
            case "b" -> new String[] {"-Dcess.roles=storage", "-Dcess.node.key=//Charlie", "-Dcess.miners=//Miner3,//Miner4",
                    broker, "-Dcess.broker.password=charlie-broker-pw", publicUrl, segment};
            case "c" -> new String[] {"-Dcess.roles=storage", "-Dcess.node.key=//Dave", "-Dcess.miners=//Miner5,//Miner6",
                    broker, "-Dcess.broker.password=dave-broker-pw", publicUrl, segment};
            case "d" -> new String[] {"-Dcess.roles=gateway", "-Dcess.node.key=//Bob", broker,
                    "-Dcess.broker.password=bob-broker-pw", publicUrl, segment};
            case "e" -> new String[] {"-Dcess.roles=gateway", "-Dcess.node.key=//Eve", "-Dcess.cache.bytes=0", broker,
                    "-Dcess.broker.password=eve-broker-pw", publicUrl, segment};
            default -> throw new IllegalArgumentException(node);
        };
    }

    NodeProcess start(String node) throws IOException {
        return start(node, node);
    }

    /**
     * Starts {@code node} on its data directory and port; {@code name} names its log and Payara's
     * root directory, which a restart must not share with the stopped process (Payara Micro would
     * find the old deployment there and fail to deploy the application again).
     */
    NodeProcess start(String node, String name) throws IOException {
        NodeProcess p = hosts == null ? NodeProcess.startAt(ports.get(node), dataDir(node), name, options(node))
                : NodeProcess.startOn(hosts, NAMES.indexOf(node), dataDir(node), name, options(node));
        nodes.put(node, p);
        return p;
    }

    /** A first (it embeds the broker), then B, C, D and E side by side; then waits for the miners' endpoints. */
    void startAll() throws Exception {
        startAll(NAMES);
    }

    /** {@code names} ({@code a} among them): A first, then the others side by side; then the miners' endpoints. */
    void startAll(List<String> names) throws Exception {
        start("a");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<NodeProcess>> started = new ArrayList<>();
            for (String n : names.stream().filter(n -> !n.equals("a")).toList()) {
                started.add(pool.submit(() -> start(n)));
            }
            for (Future<NodeProcess> f : started) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitEndpoints(Duration.ofSeconds(90));
    }

    /** Until the chain (as A sees it, final) has every miner at the URL of the node hosting it. */
    void awaitEndpoints(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> endpoints = new LinkedHashMap<>();
            for (JsonValue v : node("a").api().get("/api/storage/miners").expect(200).json().getJsonArray("miners")) {
                JsonObject m = v.asJsonObject();
                endpoints.put(m.getString("account"), m.getString("endpoint"));
            }
            boolean ok = hostOf.entrySet().stream().allMatch(e -> url(e.getValue()).equals(endpoints.get(e.getKey().ss58())));
            if (ok) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "miner endpoints not updated within " + timeout + ": " + endpoints);
            NodeApi.sleep(500);
        }
    }

    /**
     * Until everything A admitted is final and every running node has applied A's head: what was
     * written through any gateway is then final everywhere.
     */
    void settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (healthNumber(node("a"), "pendingTransactions") > 0) {
            assertTrue(System.nanoTime() < deadline, "A's pool did not empty: " + NetworkIT.health(node("a")));
            NodeApi.sleep(200);
        }
        long height = node("a").api().get("/api/chain/head").expect(200).json().getJsonNumber("height").longValue();
        for (NodeProcess p : nodes.values()) {
            while (p.api().get("/api/chain/head").expect(200).json().getJsonNumber("height").longValue() < height) {
                assertTrue(System.nanoTime() < deadline, p.url() + " did not reach height " + height);
                NodeApi.sleep(200);
            }
        }
    }

    /** The segment cache directory of {@code node}. */
    Path cacheDir(String node) {
        return dataDir(node).resolve("cache").resolve("segments");
    }

    /** A number in the node's health data (numbers may come as JSON numbers or strings). */
    static long healthNumber(NodeProcess node, String name) {
        return Long.parseLong(NetworkIT.health(node).get(name).toString().replace("\"", ""));
    }

    /** The fragment file of {@code hash} on {@code miner}, in the data directory of the node hosting it. */
    Path fragmentFile(Address miner, String hashHex) {
        String hex = hashHex.startsWith("0x") ? hashHex.substring(2) : hashHex;
        return dataDir(hostOf.get(miner)).resolve("miners").resolve(miner.ss58()).resolve(hex.substring(0, 2)).resolve(hex);
    }

    void stop(String node) {
        NodeProcess p = nodes.remove(node);
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(nodes.keySet());
        java.util.Collections.reverse(names); // A, with the broker, last
        names.forEach(this::stop);
    }
}
