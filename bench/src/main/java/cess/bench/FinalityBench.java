package cess.bench;

import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.wire.KeyFile;
import cess.runtime.wire.TransactionJson;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finality of a running network of validators (started by {@code bench/finality}):
 *
 * <ul>
 * <li><b>latency</b>: one transfer at a time, sent to each node in turn; the time from sending
 *     it to that node reporting it included in a final block, polled every millisecond or two;
 *     p50 and p99 over {@code --samples};</li>
 * <li><b>throughput</b>: {@code --senders} accounts (funded first) each send
 *     {@code --transfers / senders} signed transfers as fast as their node admits them, all nodes
 *     at once; finalized transfers per second from the first send to the last inclusion. One
 *     round warms the nodes up first (freshly started JVMs spend more CPU compiling than working:
 *     a profile of the first round has the JIT compiler threads on top), then the latency is
 *     measured, then {@code --rounds} counted rounds; the median is reported, with every round.
 *     With {@code --batch N} (N > 1) each sender posts its transfers N at a time to
 *     {@code /api/transactions/batch} instead of one request each.</li>
 * </ul>
 * Arguments: {@code --nodes URL,URL,… --keys DIR --samples N --senders N --transfers N --rounds N [--warmup N]
 * [--batch N] --out FILE}.
 */
public final class FinalityBench {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> nodes;
    private final Hash genesis;
    private final Amount fee;
    private final int batch;

    private FinalityBench(List<String> nodes, int batch) throws Exception {
        this.nodes = nodes;
        this.batch = batch;
        JsonObject chain = get(nodes.get(0), "/api/chain");
        genesis = Hash.parse(chain.getString("genesisHash"));
        fee = Amount.parseUnits(chain.getString("minFee"));
    }

    public static void main(String[] args) throws Exception {
        List<String> nodes = List.of(arg(args, "--nodes").split(","));
        Path keys = Path.of(arg(args, "--keys"));
        int samples = Integer.parseInt(arg(args, "--samples"));
        int senders = Integer.parseInt(arg(args, "--senders"));
        int transfers = Integer.parseInt(arg(args, "--transfers"));
        List<KeyPair> validators = new ArrayList<>();
        for (int i = 1; i <= nodes.size(); i++) {
            validators.add(KeyFile.read(keys.resolve("validator-" + i + ".key")));
        }
        int rounds = Integer.parseInt(arg(args, "--rounds"));
        int batch = Integer.parseInt(Optional.ofNullable(optionalArg(args, "--batch")).orElse("1"));
        FinalityBench b = new FinalityBench(nodes, batch);
        StringBuilder out = new StringBuilder();
        out.append("## Finality: ").append(nodes.size()).append(" validators on loopback\n\n");

        List<KeyPair> accounts = b.fund(validators, senders);
        int warmups = Integer.parseInt(Optional.ofNullable(optionalArg(args, "--warmup")).orElse("1"));
        double[] warm = null;
        for (int w = 0; w < warmups; w++) {
            warm = b.throughput(accounts, transfers / senders);
            System.out.printf("warm-up round %d: %.0f finalized/s (not counted)%n", w + 1, warm[0]);
        }

        List<Double> latencies = b.latency(validators, samples);
        Collections.sort(latencies);
        String lat = String.format("| finality latency, one transfer at a time (%d samples) | p50 %.0f ms | p99 %.0f ms | max %.0f ms |%n",
                samples, pct(latencies, 50), pct(latencies, 99), latencies.get(latencies.size() - 1));
        System.out.print(lat);

        List<double[]> counted = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] t = b.throughput(accounts, transfers / senders);
            System.out.printf("round %d: %.0f finalized/s, admitted at %.0f/s%n", r + 1, t[0], t[1]);
            counted.add(t);
        }
        counted.sort(java.util.Comparator.comparingDouble(t -> t[0]));
        double[] tput = counted.get(counted.size() / 2);
        String all = counted.stream().map(t -> String.format("%.0f", t[0])).collect(java.util.stream.Collectors.joining(", "));
        String tp = String.format("| sustained: %d transfers from %d senders" + (batch > 1 ? " in batches of " + batch : "") + ", median of %d rounds after %d warm-up rounds (the last %.0f/s) | %.0f finalized/s (rounds: %s) | admitted at %.0f/s | last inclusion after %.1f s |%n",
                (transfers / senders) * senders, senders, rounds, warmups, warm[0], tput[0], all, tput[1], tput[2]);
        System.out.print(tp);
        out.append("| measure | | | |\n|---|---|---|---|\n").append(lat).append(tp);
        Files.writeString(Path.of(arg(args, "--out")), out.toString());
    }

    /** One transfer at a time through each node in turn, each waited for until included there. */
    List<Double> latency(List<KeyPair> validators, int samples) throws Exception {
        long[] nonces = new long[validators.size()];
        for (int i = 0; i < validators.size(); i++) {
            nonces[i] = nextNonce(nodes.get(i), validators.get(i).address());
        }
        Random pause = new Random(7);
        List<Double> out = new ArrayList<>();
        Address payee = KeyPair.dev("//BenchPayee").address();
        for (int s = 0; s < samples; s++) {
            int i = s % nodes.size();
            SignedTransaction stx = new Transaction(validators.get(i).address(), nonces[i]++, fee,
                    new Transfer(payee, Amount.ofUnits(1))).sign(validators.get(i), genesis);
            long t0 = System.nanoTime();
            String hash = submit(nodes.get(i), stx);
            awaitIncluded(nodes.get(i), hash, 1);
            out.add((System.nanoTime() - t0) / 1e6);
            Thread.sleep(pause.nextInt(50)); // not in step with the block time
        }
        return out;
    }

    /** Gives each of {@code n} fresh accounts funds from the validators, and waits until that is final. */
    List<KeyPair> fund(List<KeyPair> validators, int n) throws Exception {
        List<KeyPair> accounts = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        long[] nonces = new long[validators.size()];
        for (int i = 0; i < validators.size(); i++) {
            nonces[i] = nextNonce(nodes.get(i), validators.get(i).address());
        }
        for (int a = 0; a < n; a++) {
            KeyPair k = KeyPair.dev("//BenchSender" + a + "-" + genesis.hex().substring(0, 8));
            accounts.add(k);
            int v = a % validators.size();
            SignedTransaction stx = new Transaction(validators.get(v).address(), nonces[v]++, fee,
                    new Transfer(k.address(), Amount.cess(1000))).sign(validators.get(v), genesis);
            pending.add(new String[] {nodes.get(v), submit(nodes.get(v), stx)});
        }
        for (String[] p : pending) {
            awaitIncluded(p[0], p[1], 20);
        }
        return accounts;
    }

    /** @return finalized per second, admitted per second, seconds to the last inclusion */
    double[] throughput(List<KeyPair> accounts, int each) throws Exception {
        Address payee = KeyPair.dev("//BenchPayee").address();
        List<List<SignedTransaction>> signed = new ArrayList<>();
        for (int a = 0; a < accounts.size(); a++) {
            KeyPair k = accounts.get(a);
            long nonce = nextNonce(nodes.get(a % nodes.size()), k.address());
            List<SignedTransaction> mine = new ArrayList<>();
            for (int t = 0; t < each; t++) {
                mine.add(new Transaction(k.address(), nonce + t, fee, new Transfer(payee, Amount.ofUnits(1))).sign(k, genesis));
            }
            signed.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(accounts.size());
        long t0 = System.nanoTime();
        List<Future<String>> lasts = new ArrayList<>();
        for (int a = 0; a < accounts.size(); a++) {
            String node = nodes.get(a % nodes.size());
            List<SignedTransaction> mine = signed.get(a);
            lasts.add(pool.submit(() -> {
                String last = null;
                if (batch == 1) {
                    for (SignedTransaction stx : mine) {
                        last = submit(node, stx);
                    }
                } else {
                    for (int from = 0; from < mine.size(); from += batch) {
                        last = submitBatch(node, mine.subList(from, Math.min(mine.size(), from + batch)));
                    }
                }
                return node + " " + last;
            }));
        }
        List<String[]> last = new ArrayList<>();
        for (Future<String> f : lasts) {
            last.add(f.get().split(" "));
        }
        double admitted = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        // A sender's transfers are included in nonce order: its last one included means all are.
        for (String[] l : last) {
            awaitIncluded(l[0], l[1], 5);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = (long) each * accounts.size();
        return new double[] {total / seconds, total / admitted, seconds};
    }

    /** Posts {@code txs} as one batch; every one must be admitted. @return the last one's hash */
    private String submitBatch(String node, List<SignedTransaction> txs) throws Exception {
        String body = txs.stream().map(t -> TransactionJson.toJson(t).toString())
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/api/transactions/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || json(r.body()).getInt("accepted") != txs.size()) {
            throw new IllegalStateException("batch refused by " + node + ": " + r.statusCode() + " " + r.body());
        }
        return txs.get(txs.size() - 1).hash().hex();
    }

    private String submit(String node, SignedTransaction stx) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/api/transactions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TransactionJson.toJson(stx).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("transfer refused by " + node + ": " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).getString("hash");
    }

    private void awaitIncluded(String node, String hash, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/api/transactions/" + hash)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                String status = json(r.body()).getString("status");
                if ("included".equals(status)) {
                    return;
                }
                if (!"pending".equals(status)) {
                    throw new IllegalStateException("transaction " + hash + " " + status + ": " + r.body());
                }
            }
            Thread.sleep(pollMillis);
        }
        throw new IllegalStateException("transaction " + hash + " not included on " + node + " in 5 minutes");
    }

    private long nextNonce(String node, Address a) throws Exception {
        return get(node, "/api/accounts/" + a.ss58()).getJsonNumber("nextNonce").longValue();
    }

    private JsonObject get(String node, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(r.body());
    }

    private static JsonObject json(String body) {
        try (var r = cess.ledger.wire.Jsons.createReader(new StringReader(body))) {
            return r.readObject();
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String optionalArg(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
