package cess.network.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Artemis URLs of the broker's TCP acceptor and of a node's connector, with TLS
 * ({@code sslEnabled}, a key store on the acceptor; a trust store and host verification on the
 * connector) when a store is given. Stateless.
 */
public final class BrokerUrls {
    private BrokerUrls() {
    }

    /** The acceptor on {@code host:port}, on TLS with {@code keyStore} (PKCS12 or JKS) if present. */
    public static String acceptor(String listen, Optional<Path> keyStore, String keyStorePassword) {
        String url = "tcp://" + listen;
        if (keyStore.isPresent()) {
            url += "?sslEnabled=true&keyStorePath=" + encode(keyStore.get().toString()) + "&keyStorePassword="
                    + encode(keyStorePassword);
        }
        return url;
    }

    /**
     * {@code url} (a {@code tcp://} URL, maybe with parameters of its own), on TLS with
     * {@code trustStore} if present: the broker's certificate must chain to the store and name the
     * host the URL names.
     */
    public static String connector(String url, Optional<Path> trustStore, String trustStorePassword) {
        if (trustStore.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "sslEnabled=true&verifyHost=true&trustStorePath="
                + encode(trustStore.get().toString()) + "&trustStorePassword=" + encode(trustStorePassword);
    }

    /**
     * Makes Artemis's connectors use {@code trustStore}: Artemis takes a connector's trust store
     * from the system property {@code javax.net.ssl.trustStore} before the URL's
     * {@code trustStorePath}, and an application server sets that property to its own store, so the
     * store is also set as {@code org.apache.activemq.ssl.trustStore}, which Artemis reads first and
     * nothing else does (JSSE's own default stays the container's).
     */
    public static void preferTrustStore(Optional<Path> trustStore, String trustStorePassword) {
        trustStore.ifPresent(ts -> {
            System.setProperty("org.apache.activemq.ssl.trustStore", ts.toString());
            System.setProperty("org.apache.activemq.ssl.trustStorePassword", trustStorePassword);
        });
    }

    /** {@code url} without its parameters, which may hold credentials: what logs and health show. */
    public static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
