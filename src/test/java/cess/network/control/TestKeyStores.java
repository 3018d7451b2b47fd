package cess.network.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Key and trust stores for TLS tests, made by the JDK's own {@code keytool}: a fresh RSA key whose
 * certificate names 127.0.0.1 (and localhost), and a trust store holding that certificate.
 */
public final class TestKeyStores {
    private TestKeyStores() {
    }

    /** {@code dir/name.p12}: a PKCS12 key store with alias {@code name}, store and key password {@code password}. */
    public static Path keyStore(Path dir, String name, String password) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", password, "-keypass", password);
        return ks;
    }

    /** {@code dir/name.p12}: a PKCS12 trust store with the certificate of {@link #keyStore}'s {@code keyName}. */
    public static Path trustStore(Path dir, Path keyStore, String keyName, String name, String password) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        Path ts = dir.resolve(name + ".p12");
        keytool("-exportcert", "-alias", keyName, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", keyName, "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", ts.toString(), "-storepass", password);
        return ts;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
