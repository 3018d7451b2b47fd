package cess.platform;

import cess.ledger.wire.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** Reads a request body with a size limit, and parses JSON bodies with precise errors. */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** How much of an oversize body is read and discarded, so that the client sees the 413. */
    static final long DRAIN_LIMIT = 8L << 20;

    /** @throws ApiException 413 if the body exceeds {@code max} bytes */
    public static byte[] read(InputStream in, int max) {
        try {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                // A client still sending when we answer sees a broken pipe instead of our error:
                // read (and drop) a bounded amount more; past that, the connection is cut.
                drain(in);
                throw new ApiException(413, "body_too_large", "request body exceeds " + max + " bytes");
            }
            return body;
        } catch (SlowBodyException e) {
            throw new ApiException(408, "body_too_slow", "the request body arrived too slowly; the node stopped reading it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and drops up to {@value #DRAIN_LIMIT} bytes of a body the server refuses before
     * reading it, so that a client still sending sees the answer rather than a broken pipe; a
     * longer body gets its connection cut.
     */
    public static void drain(InputStream in) {
        try {
            long drained = 0;
            while (drained < DRAIN_LIMIT) {
                long n = in.skip(DRAIN_LIMIT - drained);
                if (n <= 0 && in.read() < 0) {
                    break;
                }
                drained += Math.max(n, 1);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /**
     * {@link #drain}s a refused body only when it announced at most {@value #DRAIN_LIMIT} bytes:
     * a client that announced more may be waiting for the answer (Expect: 100-continue, or a
     * lying Content-Length), and reading would only stall; its connection is closed instead.
     */
    public static void drainIfSmall(InputStream in, long contentLength) {
        if (contentLength >= 0 && contentLength <= DRAIN_LIMIT) {
            drain(in);
        }
    }

    /** @throws ApiException 400 {@code malformed_json} if the body is not one JSON object */
    public static JsonObject jsonObject(InputStream in, int max) {
        return json(in, max, "a JSON object", JsonReader::readObject);
    }

    /** @throws ApiException 400 {@code malformed_json} if the body is not one JSON array */
    public static JsonArray jsonArray(InputStream in, int max) {
        return json(in, max, "a JSON array", JsonReader::readArray);
    }

    private static <T> T json(InputStream in, int max, String expected, Function<JsonReader, T> readOne) {
        byte[] body = read(in, max);
        if (body.length == 0) {
            throw ApiException.badRequest("malformed_json", "request body is empty; expected " + expected);
        }
        try (JsonReader r = Jsons.createReader(new ByteArrayInputStream(body))) {
            return readOne.apply(r);
        } catch (JsonException | IllegalStateException e) {
            throw ApiException.badRequest("malformed_json", "request body is not " + expected + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Parsson refuses input nested deeper than its limit (1,000) with a bare
            // RuntimeException ("Input is too deeply nested"): the client's fault, not ours.
            // The reader only parses these bytes, so any other runtime failure is one too.
            throw ApiException.badRequest("malformed_json", "request body is not " + expected + ": " + e.getMessage());
        }
    }
}
