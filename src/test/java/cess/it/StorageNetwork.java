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
 * every read goes to the miners (and so through parity when a storage node is down). The nodes
 * may run on the hosts of a {@link NetNs} instead of 127.0.0.1. Each node has its own key, broker login, port, data directory and {@code cess.public.url}, and
 * segments of 1 MiB, so that small objects span several. Other topologies are lists of
 * {@link Spec}s ({@code RepairNetworkIT}'s: four nodes hosting miners). {@link #close} stops every node.
 */
final class StorageNetwork implements AutoCloseable {
    static final int SEGMENT = 1 << 20;
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");
    static final KeyPair CHARLIE = KeyPair.dev("//Charlie");
    static final KeyPair DAVE = KeyPair.dev("//Dave");
    static final KeyPair EVE = KeyPair.dev("//Eve");

    /**
     * One node: its name, {@code cess.roles} (null: every role), node key and broker password
     * (null for the first node, which is Alice's and embeds the broker), and the dev miners it hosts.
     */
    record Spec(String name, String roles, String key, String brokerPassword, List<Integer> miners) {
    }

    final Path root;
    final int brokerPort;
    final Path users;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    /** Which node hosts each miner. */
    final Map<Address, String> hostOf = new LinkedHashMap<>();
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    /** JVM options every node gets; a test may add to them before it starts the nodes. */
    final List<String> extra = new ArrayList<>();
    /** Extra JVM options for one node, by name. */
    final Map<String, List<String>> extraFor = new java.util.HashMap<>();
    /** The test network whose hosts the nodes run on, the first node on host 0 and so on; null: 127.0.0.1. */
    final NetNs hosts;

    /** README's network: A (every role) hosting //Miner1-2 and any genesis miner past //Miner6, B and C storage-only, D and E gateway-only. */
    StorageNetwork(Path root) throws IOException {
        this(root, null);
    }

    /** README's network on {@code hosts} (one a node, in order A to E) when not null, else on 127.0.0.1. */
    StorageNetwork(Path root, NetNs hosts) throws IOException {
        this(root, readmeNetwork(), List.of(), hosts);
        extraFor.put("e", List.of("-Dcess.cache.bytes=0"));
    }

    /**
     * A network of {@code nodes}, the first embedding the broker; {@code common} are JVM options
     * every node gets (a genesis file, say: all nodes must run the same).
     */
    StorageNetwork(Path root, List<Spec> nodes, List<String> common) throws IOException {
        this(root, nodes, common, null);
    }

    private StorageNetwork(Path root, List<Spec> nodes, List<String> common, NetNs hosts) throws IOException {
        this.root = root;
        this.hosts = hosts;
        this.brokerPort = NodeProcess.freePort();
        this.users = root.resolve("broker-users.properties");
        this.extra.addAll(common);
        StringBuilder logins = new StringBuilder();
        for (Spec n : nodes) {
            specs.put(n.name(), n);
            ports.put(n.name(), NodeProcess.freePort());
            if (n.brokerPassword() != null) {
                logins.append(KeyPair.dev(n.key()).address().ss58()).append(" = ").append(n.brokerPassword()).append('\n');
            }
            for (int i : n.miners()) {
                hostOf.put(KeyPair.dev("//Miner" + i).address(), n.name());
            }
        }
        Files.writeString(users, logins.toString());
    }

    private static List<Spec> readmeNetwork() throws IOException {
        List<Integer> onA = new ArrayList<>(genesisMiners());
        onA.removeAll(List.of(3, 4, 5, 6));
        return List.of(new Spec("a", null, null, null, onA),
                new Spec("b", "storage", "//Charlie", "charlie-broker-pw", List.of(3, 4)),
                new Spec("c", "storage", "//Dave", "dave-broker-pw", List.of(5, 6)),
                new Spec("d", "gateway", "//Bob", "bob-broker-pw", List.of()),
                new Spec("e", "gateway", "//Eve", "eve-broker-pw", List.of()));
    }

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
        return hosts == null ? "http://127.0.0.1:" + ports.get(node) : "http://" + hosts.address(hostIndex(node)) + ":8080";
    }

    private int hostIndex(String node) {
        return new ArrayList<>(specs.keySet()).indexOf(node);
    }

    /** Where the first node's embedded broker listens. */
    String brokerAddress() {
        return hosts == null ? "127.0.0.1:" + brokerPort : hosts.address(0) + ":61616";
    }

    /** The segment cache directory of {@code node}. */
    Path cacheDir(String node) {
        return dataDir(node).resolve("cache").resolve("segments");
    }

    Path dataDir(String node) {
        return root.resolve(node);
    }

    NodeProcess node(String name) {
        return nodes.get(name);
    }

    /** The first node: the validator, embedding the broker. */
    NodeProcess first() {
        return nodes.get(specs.keySet().iterator().next());
    }

    /** The command line settings of each node (JVM options), as README gives them. */
    String[] options(String node) {
        Spec n = specs.get(node);
        List<String> o = new ArrayList<>();
        if (n.brokerPassword() == null) {
            o.addAll(List.of("-Dcess.broker.listen=" + brokerAddress(), "-Dcess.broker.users=" + users));
        } else {
            o.addAll(List.of("-Dcess.roles=" + n.roles(), "-Dcess.node.key=" + n.key(),
                    "-Dcess.broker.url=tcp://" + brokerAddress(), "-Dcess.broker.password=" + n.brokerPassword()));
        }
        if (!n.miners().isEmpty()) {
            o.add("-Dcess.miners=" + String.join(",", n.miners().stream().map(i -> "//Miner" + i).toList()));
        }
        o.add("-Dcess.public.url=" + url(node));
        o.add("-Dcess.segment.bytes=" + SEGMENT);
        o.addAll(extra);
        o.addAll(extraFor.getOrDefault(node, List.of()));
        return o.toArray(String[]::new);
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
                : NodeProcess.startOn(hosts, hostIndex(node), dataDir(node), name, options(node));
        nodes.put(node, p);
        return p;
    }

    /** The first node (it embeds the broker), then the others side by side; then waits for the miners' endpoints. */
    void startAll() throws Exception {
        startAll(new ArrayList<>(specs.keySet()));
    }

    /** The nodes {@code names}, the first node among them: it first, then the others side by side; then the endpoints. */
    void startAll(List<String> names) throws Exception {
        start(names.get(0));
        ExecutorService pool = Executors.newFixedThreadPool(names.size() - 1);
        try {
            List<Future<NodeProcess>> started = new ArrayList<>();
            for (String n : names.subList(1, names.size())) {
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
            for (JsonValue v : first().api().get("/api/storage/miners").expect(200).json().getJsonArray("miners")) {
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
        while (healthNumber(first(), "pendingTransactions") > 0) {
            assertTrue(System.nanoTime() < deadline, "A's pool did not empty: " + NetworkIT.health(first()));
            NodeApi.sleep(200);
        }
        long height = first().api().get("/api/chain/head").expect(200).json().getJsonNumber("height").longValue();
        for (NodeProcess p : nodes.values()) {
            while (p.api().get("/api/chain/head").expect(200).json().getJsonNumber("height").longValue() < height) {
                assertTrue(System.nanoTime() < deadline, p.url() + " did not reach height " + height);
                NodeApi.sleep(200);
            }
        }
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

    /** A native PUT of {@code body} as file {@code name} of Alice's through {@code node}'s gateway, signed by her. */
    NodeApi.Reply put(String node, String name, byte[] body, String... extra) {
        NodeApi api = node(node).api();
        String target = "/api/files?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
        String[] headers = java.util.stream.Stream.concat(java.util.stream.Stream.of(api.signed(ALICE, "PUT", target, body, 300)),
                java.util.stream.Stream.of(extra)).toArray(String[]::new);
        return api.request("PUT", target, body, headers);
    }

    /** A native GET of file {@code fid} through {@code node}'s gateway, signed by Alice. */
    java.net.http.HttpResponse<byte[]> get(String node, String fid, String... extra) {
        NodeApi api = node(node).api();
        String target = "/api/files/" + fid;
        String[] headers = java.util.stream.Stream.concat(java.util.stream.Stream.of(api.signed(ALICE, "GET", target, null, 60)),
                java.util.stream.Stream.of(extra)).toArray(String[]::new);
        return api.requestBytes("GET", target, headers);
    }

    /** An S3 client of {@code node}'s gateway with the devnet's access key (Alice's), path-style. */
    software.amazon.awssdk.services.s3.S3Client s3(String node) {
        return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(java.net.URI.create(url(node)))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("devnet", "devnet-secret")))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build()).build();
    }

    /** Stops every node, keeps their logs under {@code target/it-logs} as {@code prefix-…}, and deletes the data. */
    void closeKeepingLogs(String prefix) throws IOException {
        close();
        NodeProcess.keepLogsAndDelete(root, prefix);
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
