package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs on the machines this project is built on, so {@code docker compose}
 * never starts here. What can drift without one is checked instead: every {@code CESS_*}
 * variable the compose file and the Dockerfile set must be a setting the node reads (by
 * MicroProfile Config's environment-variable naming), and the four nodes must each have their
 * own validator key, broker password, published port and URL, all joining the one broker, which
 * takes the users genesis writes.
 */
class ComposeFileTest {
    private static final Path DOCKER = Path.of("docker");

    @Test
    void everyVariableTheContainersSetIsASettingOfTheNode() throws Exception {
        Set<String> known = new HashSet<>();
        for (String property : settings()) {
            known.add(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        Set<String> used = new TreeSet<>();
        for (String file : List.of("compose.yaml", "Dockerfile")) {
            Matcher m = Pattern.compile("\\b(CESS_[A-Z0-9_]+)\\s*[:=]").matcher(Files.readString(DOCKER.resolve(file)));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        // variables Payara reads before the node starts, in the shipped boot commands
        Matcher boot = Pattern.compile("\\$\\{ENV=(CESS_[A-Z0-9_]+)").matcher(
                Files.readString(Path.of("docker", "pre-boot-commands.txt")));
        while (boot.find()) {
            known.add(boot.group(1));
        }
        assertTrue(used.size() >= 6, "found the variables: " + used);
        for (String v : used) {
            assertTrue(known.contains(v), v + " is set for the containers but the node reads no such setting");
        }
    }

    @Test
    void fourValidatorsEachWithTheirOwnKeyPortAndUrlJoinOneBroker() throws Exception {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        assertTrue(compose.contains("image: apache/activemq-artemis:"), "a broker service");
        assertTrue(compose.contains("CESS_BROKER_URL: tcp://broker:61616\n"), "every node joins it, no password in the URL");
        assertTrue(compose.contains("./network/broker-etc:/var/lib/artemis-instance/etc-override:ro"),
                "the broker takes the users, roles and security settings genesis writes");
        assertTrue(!compose.contains("ARTEMIS_PASSWORD"), "no shared broker password");
        List<String> keys = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String service = section(compose, "  node" + i + ":");
            assertTrue(service.contains("<<: *node"), "node" + i + " is built like the others");
            Matcher key = Pattern.compile("CESS_NODE_KEY: /opt/cess-network/(validator-\\d+\\.key)").matcher(service);
            assertTrue(key.find(), "node" + i + " has a key");
            keys.add(key.group(1));
            assertTrue(service.contains("CESS_BROKER_PASSWORD_FILE: /opt/cess-network/validator-" + i + ".broker-password"),
                    "node" + i + " logs in with its own broker password");
            assertTrue(service.contains("CESS_PUBLIC_URL: http://node" + i + ":8080"), "node" + i + " is reached by its name");
            Matcher port = Pattern.compile("\"127\\.0\\.0\\.1:(\\d+):8080\"").matcher(service);
            assertTrue(port.find(), "node" + i + " publishes its API on loopback");
            ports.add(port.group(1));
        }
        assertEquals(List.of("validator-1.key", "validator-2.key", "validator-3.key", "validator-4.key"), keys,
                "the four keys `genesis --validators 4` writes, one per node");
        assertEquals(4, new HashSet<>(ports).size(), "four host ports");
    }

    @Test
    void theStorageProfileIsReadmesNetworkOfOneValidatorGatewayTwoStorageNodesAndASecondGateway() throws Exception {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        Map<String, List<String>> expected = Map.of(
                "gateway-a", List.of("CESS_MINERS: \"//Miner1,//Miner2,//Miner7,//Miner8\"", "CESS_BROKER_LISTEN: 0.0.0.0:61616"),
                "storage-b", List.of("CESS_ROLES: storage", "CESS_NODE_KEY: \"//Charlie\"", "CESS_MINERS: \"//Miner3,//Miner4\""),
                "storage-c", List.of("CESS_ROLES: storage", "CESS_NODE_KEY: \"//Dave\"", "CESS_MINERS: \"//Miner5,//Miner6\""),
                "gateway-d", List.of("CESS_ROLES: gateway", "CESS_NODE_KEY: \"//Bob\""));
        Set<String> ports = new HashSet<>();
        for (var e : expected.entrySet()) {
            String service = storageSection(compose, "  " + e.getKey() + ":");
            assertTrue(service.contains("<<: *storage-node"), e.getKey() + " is in the storage profile");
            assertTrue(service.contains("CESS_PUBLIC_URL: http://" + e.getKey() + ":8080"), e.getKey() + " is reached by its name");
            for (String line : e.getValue()) {
                assertTrue(service.contains(line), e.getKey() + " sets " + line);
            }
            if (!e.getKey().equals("gateway-a")) {
                assertTrue(service.contains("CESS_BROKER_URL: tcp://gateway-a:61616"), e.getKey() + " joins A's broker");
                assertTrue(service.contains("CESS_BROKER_PASSWORD_FILE: /opt/cess-storage/"), e.getKey() + " has a login");
            }
            Matcher port = Pattern.compile("\"127\\.0\\.0\\.1:(\\d+):8080\"").matcher(service);
            assertTrue(port.find(), e.getKey() + " publishes its API on loopback");
            ports.add(port.group(1));
        }
        assertEquals(4, ports.size(), "four host ports");
        assertTrue(compose.contains("profiles: [\"storage\"]"), "the storage network runs only when asked for");
    }

    /** A storage-profile service's lines, up to the next service. */
    private static String storageSection(String compose, String header) {
        int start = compose.indexOf(header);
        assertTrue(start >= 0, "no service " + header.trim());
        Matcher next = Pattern.compile("\n  [a-z0-9-]+:\n").matcher(compose);
        int end = next.find(start + header.length()) ? next.start() : compose.length();
        return compose.substring(start, end);
    }

    /** The settings the node reads: its configuration bean's properties and the documented defaults. */
    private static Set<String> settings() throws Exception {
        Set<String> out = new HashSet<>();
        for (var f : NodeConfig.class.getDeclaredFields()) {
            ConfigProperty p = f.getAnnotation(ConfigProperty.class);
            if (p != null) {
                out.add(p.name());
            }
        }
        Properties defaults = new Properties();
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        out.addAll(defaults.stringPropertyNames());
        return out;
    }

    /** The lines of a service, from its name to the next service or the end. */
    private static String section(String compose, String header) {
        int start = compose.indexOf(header);
        assertTrue(start >= 0, "no service " + header.trim());
        int end = compose.indexOf("\n  node", start + header.length());
        return compose.substring(start, end < 0 ? compose.length() : end);
    }
}
