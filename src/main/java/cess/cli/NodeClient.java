package cess.cli;

import cess.gateway.model.SignedRequest;
import cess.ledger.wire.Jsons;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.runtime.wire.TransactionJson;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

/** A node's JSON API over HTTP. Errors from the node become {@link NodeError} with its message. */
final class NodeClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final SecureRandom random = new SecureRandom();
    /** How long a request signature of the CLI is good for: a few minutes cover a slow start of a large upload. */
    static final long SIGNATURE_SECONDS = 300;

    NodeClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    JsonObject get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonObject post(String path, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /**
     * Signs {@code call} with {@code key} at the account's next nonce and the chain's minimum fee,
     * submits it, and returns the transaction's hash.
     */
    String submit(KeyPair key, Call call) {
        JsonObject chain = get("/api/chain");
        Hash genesis = Hash.parse(chain.getString("genesisHash"));
        long nonce = get("/api/accounts/" + key.address().ss58()).getJsonNumber("nextNonce").longValue();
        SignedTransaction stx = new Transaction(key.address(), nonce, Amount.parseUnits(chain.getString("minFee")), call)
                .sign(key, genesis);
        return post("/api/transactions", TransactionJson.toJson(stx)).getString("hash");
    }

    String base() {
        return base;
    }

    /**
     * The signature headers for {@code method target} (path and query as sent) as {@code key}'s
     * account, over a body with SHA-256 {@code bodySha256} ({@link SignedRequest#EMPTY_BODY_SHA256}
     * for none), with a fresh random nonce, good for {@link #SIGNATURE_SECONDS}.
     */
    String[] signed(KeyPair key, String method, String target, String bodySha256) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return SignedRequest.headers(key, method, host(), target, bodySha256,
                System.currentTimeMillis() / 1000 + SIGNATURE_SECONDS, java.util.HexFormat.of().formatHex(nonce));
    }

    /** A presigned GET link to {@code target}, good for {@code seconds}. */
    String presigned(KeyPair key, String target, long seconds) {
        return base + SignedRequest.presign(key, host(), target, System.currentTimeMillis() / 1000 + seconds);
    }

    /** The Host header the HTTP client sends for the base URL. */
    private String host() {
        URI u = URI.create(base);
        return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    /** Sends a request whose body (if any) streams from {@code body}; returns the raw response. */
    HttpResponse<java.io.InputStream> stream(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, body)
                .timeout(Duration.ofHours(6));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return exchange(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Sends one request; a transport failure becomes a {@link NodeError} with status 0. */
    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new NodeError(0, "unreachable", "cannot connect to the node at " + base + " (is it running? see --node)");
        } catch (IOException e) {
            throw new NodeError(0, "io_error", "talking to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeError(0, "interrupted", "interrupted");
        }
    }

    /** Reads a JSON answer of {@link #stream}, turning an error status into {@link NodeError}. */
    static JsonObject json(HttpResponse<java.io.InputStream> response) {
        String body;
        try (var in = response.body()) {
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NodeError(response.statusCode(), "io_error", "reading the answer failed: " + e.getMessage());
        }
        return parse(response.statusCode(), body);
    }

    private static JsonObject parse(int status, String body) {
        JsonObject json;
        try (JsonReader r = Jsons.createReader(new StringReader(body))) {
            json = r.readObject();
        } catch (RuntimeException e) {
            throw new NodeError(status, "bad_response", "the node answered " + status + " with a body that is not JSON");
        }
        // Everything the node says reaches the terminal through here: made safe to print once.
        json = TerminalText.clean(json);
        if (status >= 400) {
            throw new NodeError(status, json.getString("error", "error"), json.getString("message", ""));
        }
        return json;
    }

    private JsonObject send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return parse(response.statusCode(), response.body());
    }

    /** An error answer from the node (or no answer at all, status 0). */
    static final class NodeError extends RuntimeException {
        final int status;
        final String code;

        NodeError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
