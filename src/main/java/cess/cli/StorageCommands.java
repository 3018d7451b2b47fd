package cess.cli;

import cess.gateway.model.SignedRequest;
import cess.ledger.model.Call;
import cess.ledger.wire.KeyFile;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.storage.model.StorageCall;
import cess.storage.model.StorageParams;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The CLI's storage commands: put, get, share, ls, rm, territory, grant, miner (its audit in {@link AuditCommands}). */
final class StorageCommands {
    private final NodeClient client;
    private final PrintStream out;
    private final PrintStream err;

    StorageCommands(NodeClient client, PrintStream out, PrintStream err) {
        this.client = client;
        this.out = out;
        this.err = err;
    }

    /** put FILE --key KEY [--name N] [--bucket B] [--territory T] [--cipher PASSPHRASE] [--public] */
    void put(Args a) throws IOException {
        Path file = Path.of(a.positional(0, "FILE"));
        KeyPair key = KeyFile.resolve(a.required("key"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        long size = Files.size(file);
        StringBuilder q = new StringBuilder("?name=").append(enc(a.optional("name").orElse(file.getFileName().toString())));
        a.optional("bucket").ifPresent(b -> q.append("&bucket=").append(enc(b)));
        a.optional("territory").ifPresent(t -> q.append("&territory=").append(enc(t)));
        if (a.flag("public")) {
            q.append("&public=true");
        }
        // The signature covers the body's hash: one pass over the file before it streams.
        List<String> headers = new ArrayList<>(List.of(client.signed(key, "PUT", "/api/files" + q, sha256(file))));
        a.optional("cipher").ifPresent(c -> headers.addAll(List.of("Cipher", c)));
        headers.addAll(List.of("Content-Type", "application/octet-stream"));
        Progress progress = new Progress(err, "upload", size);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return progress.wrap(Files.newInputStream(file));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }), size);
        JsonObject r = NodeClient.json(client.stream("PUT", "/api/files" + q, body, headers.toArray(String[]::new)));
        progress.done();
        out.println(r.getString("fid"));
        err.println("stored " + r.getJsonNumber("size").longValue() + " bytes as " + r.getString("bucket") + "/"
                + r.getString("name") + (r.getBoolean("public", false) ? " (public)" : " (private)")
                + (r.getBoolean("deduplicated") ? " (deduplicated)" : "")
                + "; readable now, final on chain within seconds");
    }

    /** get FID [--key KEY] [--out FILE] [--cipher PASSPHRASE [--owner ACCOUNT]]: a private file needs its owner's KEY. */
    void get(Args a) throws IOException {
        String fid = Hash.parse(a.positional(0, "FID")).hex();
        List<String> headers = new ArrayList<>();
        String query = "";
        java.util.Optional<KeyPair> key = a.optional("key").map(KeyFile::resolve);
        if (a.optional("cipher").isPresent()) {
            headers.addAll(List.of("Cipher", a.required("cipher")));
            if (key.isEmpty()) {
                query = "?owner=" + Cli.account(a.required("owner")).ss58();
            }
        }
        if (key.isPresent()) {
            headers.addAll(List.of(client.signed(key.get(), "GET", "/api/files/" + fid + query, SignedRequest.EMPTY_BODY_SHA256)));
        }
        HttpResponse<InputStream> r = client.stream("GET", "/api/files/" + fid + query, HttpRequest.BodyPublishers.noBody(),
                headers.toArray(String[]::new));
        if (r.statusCode() != 200) {
            NodeClient.json(r);
        }
        long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        Progress progress = new Progress(err, "download", size);
        if (a.optional("out").isEmpty()) {
            try (InputStream in = progress.wrap(r.body())) {
                in.transferTo(out);
            }
            out.flush();
        } else {
            Path target = Path.of(a.required("out"));
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            try (InputStream in = progress.wrap(r.body()); OutputStream o = Files.newOutputStream(tmp)) {
                in.transferTo(o);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            err.println("wrote " + Files.size(target) + " bytes to " + target);
        }
        progress.done();
    }

    /** share FID --key KEY [--expires SECONDS]: prints a presigned link that reads the file until it expires. */
    void share(Args a) {
        String fid = Hash.parse(a.positional(0, "FID")).hex();
        KeyPair key = KeyFile.resolve(a.required("key"));
        long seconds;
        try {
            seconds = Long.parseLong(a.optional("expires").orElse("3600"));
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--expires takes whole seconds, not '" + a.required("expires") + "'");
        }
        if (seconds < 1 || seconds > SignedRequest.MAX_PRESIGNED_SECONDS) {
            throw new Args.UsageException("--expires must be 1 to " + SignedRequest.MAX_PRESIGNED_SECONDS + " seconds");
        }
        out.println(client.presigned(key, "/api/files/" + fid, seconds));
    }

    /** ls KEY: the files of the key's account (an account's listing needs its signature). */
    void ls(Args a) {
        KeyPair key = KeyFile.resolve(a.positional(0, "KEY"));
        String target = "/api/files?owner=" + key.address().ss58();
        JsonObject r = NodeClient.json(client.stream("GET", target, HttpRequest.BodyPublishers.noBody(),
                client.signed(key, "GET", target, SignedRequest.EMPTY_BODY_SHA256)));
        for (JsonValue v : r.getJsonArray("files")) {
            JsonObject f = v.asJsonObject();
            out.printf("%s %12d %-7s %s/%s%n", f.getString("fid"), f.getJsonNumber("size").longValue(),
                    f.getBoolean("public", false) ? "public" : "private", f.getString("bucket"), f.getString("name"));
        }
    }

    /** rm FID --key KEY */
    void rm(Args a) {
        String fid = Hash.parse(a.positional(0, "FID")).hex();
        KeyPair key = KeyFile.resolve(a.required("key"));
        JsonObject r = NodeClient.json(client.stream("DELETE", "/api/files/" + fid, HttpRequest.BodyPublishers.noBody(),
                client.signed(key, "DELETE", "/api/files/" + fid, SignedRequest.EMPTY_BODY_SHA256)));
        out.println("deleted " + r.getInt("deleted") + " object(s) naming " + fid);
    }

    /** territory ls ACCOUNT | buy NAME --gib N --days D --key KEY | expand NAME --gib N --key KEY | renew NAME --days D --key KEY */
    void territory(Args a) {
        String action = a.positional(0, "ls|buy|expand|renew");
        if (action.equals("ls")) {
            Address owner = Cli.account(a.positional(1, "ACCOUNT"));
            JsonObject r = client.get("/api/storage/territories?pending=true&owner=" + owner.ss58());
            for (JsonValue v : r.getJsonArray("territories")) {
                JsonObject t = v.asJsonObject();
                out.printf("%-16s %6d GiB  used %14d bytes  expires %s%s%n", t.getString("name"), t.getJsonNumber("gib").longValue(),
                        t.getJsonNumber("usedBytes").longValue(),
                        java.time.Instant.ofEpochMilli(t.getJsonNumber("expires").longValue()),
                        t.getBoolean("live") ? "" : " (expired)");
            }
            return;
        }
        String name = a.positional(1, "NAME");
        Call call = switch (action) {
            case "buy" -> new StorageCall.BuyTerritory(name, Long.parseLong(a.required("gib")), Long.parseLong(a.required("days")));
            case "expand" -> new StorageCall.ExpandTerritory(name, Long.parseLong(a.required("gib")));
            case "renew" -> new StorageCall.RenewTerritory(name, Long.parseLong(a.required("days")));
            default -> throw new Args.UsageException("territory takes ls, buy, expand or renew, not '" + action + "'");
        };
        send(KeyFile.resolve(a.required("key")), call);
    }

    /**
     * miner ls | audit | restorals | redundancy | register | update | stake | declare | exit | withdraw:
     * a storage miner's life on chain.
     */
    void miner(Args a) {
        String action = a.positional(0, "ls|audit|restorals|redundancy|register|update|stake|declare|exit|withdraw");
        if (action.equals("redundancy")) {
            redundancy(a.optional("blocks").orElse("100"));
            return;
        }
        if (action.equals("restorals")) {
            JsonObject all = client.get("/api/storage/restorals?limit=1000");
            if (all.getJsonArray("restorals").isEmpty()) {
                out.println("no lost fragment waits for repair (block " + all.getJsonNumber("height") + ")");
            }
            for (JsonValue v : all.getJsonArray("restorals")) {
                JsonObject o = v.asJsonObject();
                out.printf("%s segment %d fragment %d  lost from %s (%s)  %s%s%n", o.getString("fid"), o.getInt("segment"),
                        o.getInt("fragment"), o.getString("lostFrom"), o.getString("reason"), o.getString("state"),
                        o.containsKey("claimant") ? " by " + o.getString("claimant") + " until block "
                                + o.getJsonNumber("claimDeadline") : "");
            }
            return;
        }
        if (action.equals("audit")) {
            new AuditCommands(client, out).run(a);
            return;
        }
        if (action.equals("ls")) {
            for (JsonValue v : client.get("/api/storage/miners?pending=true").getJsonArray("miners")) {
                JsonObject m = v.asJsonObject();
                out.printf("%s %-9s %s  declared %d used %d bytes  stake %s%n", m.getString("account"),
                        m.getString("state"), m.getString("endpoint"), m.getJsonNumber("declaredBytes").longValue(),
                        m.getJsonNumber("usedBytes").longValue(), m.getString("stake"));
            }
            return;
        }
        Call call = switch (action) {
            case "register" -> new StorageCall.RegisterMiner(a.required("endpoint"), tib(a), Amount.parseCess(a.required("stake")));
            case "update" -> new StorageCall.UpdateMiner(a.required("endpoint"));
            case "stake" -> new StorageCall.AddStake(Amount.parseCess(a.positional(1, "AMOUNT")));
            case "declare" -> new StorageCall.DeclareSpace(tib(a));
            case "exit" -> new StorageCall.ExitMiner();
            case "withdraw" -> new StorageCall.WithdrawMiner();
            default -> throw new Args.UsageException("miner takes ls, audit, restorals, redundancy, register, update, stake, declare, exit"
                    + " or withdraw, not '" + action + "'");
        };
        send(KeyFile.resolve(a.required("key")), call);
    }

    /** The network's redundancy ({@code GET /api/storage/redundancy}): degraded segments, by how much, the repair rate. */
    private void redundancy(String blocks) {
        JsonObject r = client.get("/api/storage/redundancy?blocks=" + java.net.URLEncoder.encode(blocks,
                java.nio.charset.StandardCharsets.UTF_8));
        JsonObject repair = r.getJsonObject("repair");
        long degraded = r.getJsonNumber("degradedSegments").longValue();
        out.println("block       " + r.getJsonNumber("height"));
        out.println("segments    " + (degraded == 0 ? "every segment has all its fragments" : degraded + " degraded, "
                + r.getJsonNumber("atRisk") + " with no parity left, " + r.getJsonNumber("unrecoverable")
                + " with fewer than k fragments" + (r.getBoolean("partial") ? " (at least: too many orders to read)" : "")));
        for (JsonValue v : r.getJsonArray("levels")) {
            JsonObject l = v.asJsonObject();
            out.printf("  %d missing, %d parity left: %d segments%n", l.getInt("missing"), l.getInt("parityLeft"),
                    l.getJsonNumber("segments").longValue());
        }
        out.println("orders      " + r.getJsonNumber("openOrders") + " open (" + r.getJsonNumber("claimedOrders")
                + " claimed, " + r.getJsonNumber("impliedOrders") + " implied by exiting or absent miners)");
        out.println("repair      " + repair.getJsonNumber("completedInWindow") + " completed in the last "
                + repair.getJsonNumber("windowBlocks") + " blocks, " + repair.getJsonNumber("completedTotal") + " in all"
                + (repair.containsKey("blocksToRepairAll") ? "; at that rate all open orders in "
                        + repair.getJsonNumber("blocksToRepairAll") + " blocks" : ""));
    }

    private static long tib(Args a) {
        String v = a.required("tib");
        try {
            return Math.multiplyExact(Long.parseLong(v), StorageParams.TIB);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Args.UsageException("--tib takes a whole number of TiB, not '" + v + "'");
        }
    }

    /** grant GATEWAY --key KEY: lets a gateway store and delete objects for the key's account. */
    void grant(Args a) {
        send(KeyFile.resolve(a.required("key")), new StorageCall.GrantGateway(Cli.account(a.positional(0, "GATEWAY"))));
    }

    private void send(KeyPair key, Call call) {
        String hash = client.submit(key, call);
        out.println("submitted " + hash + " (" + call.type() + "); follow it with: tx " + hash);
    }

    /** The file's SHA-256 in hex, as a signature covers it. */
    private static String sha256(Path file) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A progress bar on the error stream for transfers of 8 MiB and more, redrawn at most 5 times a second. */
    static final class Progress {
        private final PrintStream err;
        private final String what;
        private final long total;
        private final long start = System.nanoTime();
        private long done;
        private long lastDraw;
        private final boolean show;

        Progress(PrintStream err, String what, long total) {
            this.err = err;
            this.what = what;
            this.total = total;
            this.show = total < 0 || total >= 8L << 20;
        }

        InputStream wrap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        add(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        add(n);
                    }
                    return n;
                }
            };
        }

        synchronized void add(long n) {
            done += n;
            long now = System.nanoTime();
            if (show && now - lastDraw > 200_000_000L) {
                lastDraw = now;
                draw();
            }
        }

        synchronized void done() {
            if (show) {
                draw();
                err.println();
            }
        }

        private void draw() {
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            double mib = done / 1048576.0;
            if (total > 0) {
                int width = 30;
                int filled = (int) (width * done / total);
                err.printf("\r%s [%s%s] %3d%% %8.1f MiB %7.1f MiB/s", what, "#".repeat(filled), " ".repeat(width - filled),
                        100 * done / total, mib, mib / seconds);
            } else {
                err.printf("\r%s %8.1f MiB %7.1f MiB/s", what, mib, mib / seconds);
            }
        }
    }
}
