package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow-body attack of issue #17: 200 connections that declare a 60,000-byte JSON body and
 * send it a byte a second, while a well-behaved client reads the chain head. Bounded: it
 * trickles for {@link #TRICKLE} and closes every socket it opened.
 */
final class SlowClients {
    static final int CONNECTIONS = 200;
    static final Duration TRICKLE = Duration.ofSeconds(20);

    private SlowClients() {
    }

    /** A raw connection sending a body slowly, and what the node answered on it so far. */
    private static final class Trickler {
        final Socket socket;
        final StringBuilder answer = new StringBuilder();

        Trickler(String host, int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(1);
            socket.getOutputStream().write(("POST /api/transactions HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        }

        /** Sends one more byte (if the node still listens) and collects whatever it answered. */
        void tick() {
            try {
                socket.getOutputStream().write(' ');
            } catch (IOException closed) {
                // the node closed it: fine
            }
            try {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketTimeoutException nothingYet) {
                // no answer yet
            } catch (IOException closed) {
                // reset: fine
            }
        }

        String status() {
            int eol = answer.indexOf("\r\n");
            return eol < 0 ? "" : answer.substring(0, eol);
        }
    }

    static void assertHeadAnswersWhileTrickling(NodeProcess node) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest head = HttpRequest.newBuilder(URI.create(node.url() + "/api/chain/head"))
                .timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, http.send(head, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        List<Trickler> slow = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                slow.add(new Trickler("127.0.0.1", node.port()));
            }
            long start = System.nanoTime();
            long worstMillis = 0;
            int answered = 0;
            while (System.nanoTime() - start < TRICKLE.toNanos()) {
                slow.forEach(Trickler::tick);
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(head, HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, r.statusCode(), r.body());
                worstMillis = Math.max(worstMillis, millis);
                answered++;
                NodeApi.sleep(Math.max(0, 1000 - millis));
            }
            assertTrue(worstMillis < 1000, "/api/chain/head took " + worstMillis + " ms under " + CONNECTIONS + " slow bodies");
            assertTrue(answered >= 15, "the head answered " + answered + " times in " + TRICKLE);
            long busy = slow.stream().filter(t -> t.status().contains(" 503 ")).count();
            long cut = slow.stream().filter(t -> t.status().contains(" 408 ")).count();
            assertTrue(busy > 0 && slow.stream().filter(t -> t.status().contains(" 503 "))
                    .allMatch(t -> t.answer.indexOf("Retry-After: ") > 0 && t.answer.indexOf("\"code\":\"busy\"") > 0),
                    "past the body slots, clients are told to retry: " + busy);
            assertEquals(CONNECTIONS, busy + cut, "every slow body was refused or cut after the grace: "
                    + busy + " busy, " + cut + " cut, e.g. '" + slow.get(0).status() + "'");
            System.out.printf("slow bodies: head worst %d ms over %d requests; %d told busy, %d cut%n",
                    worstMillis, answered, busy, cut);
        } finally {
            for (Trickler t : slow) {
                try {
                    t.socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
