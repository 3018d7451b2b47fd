package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cess.gateway.model.SignedRequest;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.runtime.wire.TransactionJson;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** A test client of one node's REST API: raw HTTP plus helpers that sign like a wallet. */
public final class NodeApi {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public NodeApi(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    /** A response: status and body parsed as JSON when it is JSON. */
    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            try (var r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        public Reply expect(int expected) {
            assertEquals(expected, status, () -> "unexpected status; body: " + body);
            return this;
        }

        /** Asserts a JSON error with this status and code, and returns its message. */
        public String error(int expected, String code) {
            expect(expected);
            assertEquals(code, json().getString("error"), body);
            return json().getString("message");
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Reply get(String path, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic).GET().build());
    }

    public Reply post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Reply postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The Host header this client sends to the node. */
    public String host() {
        URI u = URI.create(base);
        return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    /**
     * The native API's signature headers for {@code method target} (path relative to the base, with
     * its query) over {@code body} ({@code null}: none), with a fresh nonce, valid for {@code seconds}.
     */
    public String[] signed(KeyPair key, String method, String target, byte[] body, long seconds) {
        String sha = body == null ? SignedRequest.EMPTY_BODY_SHA256 : cess.gateway.model.SigV4.sha256Hex(body);
        return signedHash(key, method, target, sha, seconds);
    }

    /** Like {@link #signed}, with the body hash (or {@code UNSIGNED-PAYLOAD}) given. */
    public String[] signedHash(KeyPair key, String method, String target, String bodySha256, long seconds) {
        // The node checks the path relative to its context root, which the base URL includes.
        return SignedRequest.headers(key, method, host(), target, bodySha256,
                System.currentTimeMillis() / 1000 + seconds, nonce());
    }

    public static String nonce() {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        return java.util.HexFormat.of().formatHex(n);
    }

    /** Sends {@code method path} with optional body and headers (name, value pairs). */
    public Reply request(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** Like {@link #request}, returning the body as bytes. */
    public HttpResponse<byte[]> requestBytes(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Hash genesis() {
        return Hash.parse(get("/api/chain").expect(200).json().getString("genesisHash"));
    }

    public Amount minFee() {
        return Amount.parseUnits(get("/api/chain").expect(200).json().getString("minFee"));
    }

    public JsonObject account(Address a) {
        return get("/api/accounts/" + a.ss58()).expect(200).json();
    }

    public Amount free(Address a) {
        return Amount.parseUnits(account(a).getString("free"));
    }

    public long nextNonce(Address a) {
        return account(a).getJsonNumber("nextNonce").longValue();
    }

    public SignedTransaction transfer(KeyPair from, Address to, Amount amount, long nonce) {
        return sign(from, nonce, minFee(), new Transfer(to, amount));
    }

    public SignedTransaction sign(KeyPair from, long nonce, Amount fee, Call call) {
        return new Transaction(from.address(), nonce, fee, call).sign(from, genesis());
    }

    public Reply submit(SignedTransaction stx) {
        return postJson("/api/transactions", TransactionJson.toJson(stx).toString());
    }

    /** Polls until the transaction leaves the pool; returns its final status object. */
    public JsonObject awaitFinal(String hash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject t = get("/api/transactions/" + hash).expect(200).json();
            if (!"pending".equals(t.getString("status"))) {
                return t;
            }
            sleep(100);
        }
        return fail("transaction " + hash + " still pending after " + timeout);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
