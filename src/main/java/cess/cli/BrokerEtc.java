package cess.cli;

import cess.network.model.BrokerAccess;
import cess.network.model.BrokerAccess.Permission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The configuration of an external Artemis broker for a network (what {@code docker/compose.yaml}
 * mounts as the official image's {@code etc-override}): {@code broker.xml} with the same
 * per-address security settings and topics as a node's embedded broker ({@link BrokerAccess}),
 * {@code artemis-users.properties} (the nodes' and the admin's password hashes) and
 * {@code artemis-roles.properties} (who holds which role). Stateless.
 */
final class BrokerEtc {
    private BrokerEtc() {
    }

    /**
     * Writes the three files into {@code dir}: {@code users} maps each node account and
     * {@code admin} to a users-file password hash.
     */
    static void write(Path dir, Map<String, String> nodeHashes, String admin, String adminHash) throws IOException {
        Files.createDirectories(dir);
        StringBuilder users = new StringBuilder("# Artemis's users: account (or the admin) = ENC(PBKDF2 hash of its password)\n");
        StringBuilder roles = new StringBuilder("# Artemis's roles: role = users\n");
        nodeHashes.forEach((account, hash) -> {
            users.append(account).append(" = ").append(hash).append('\n');
            roles.append(account).append(" = ").append(account).append('\n');
        });
        users.append(admin).append(" = ").append(adminHash).append('\n');
        roles.append(BrokerAccess.NODE_ROLE).append(" = ").append(String.join(",", nodeHashes.keySet())).append('\n');
        roles.append(BrokerAccess.ADMIN_ROLE).append(" = ").append(admin).append('\n');
        Files.writeString(dir.resolve("artemis-users.properties"), users, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.writeString(dir.resolve("artemis-roles.properties"), roles, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.writeString(dir.resolve("broker.xml"), brokerXml(BrokerAccess.settings(nodeHashes.keySet())),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** A broker.xml: no journal (gossip only), security on, one Core acceptor, the settings and the topics. */
    static String brokerXml(SortedMap<String, Map<Permission, SortedSet<String>>> settings) {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by cess-cli genesis: the network's broker, secured as a node's embedded broker is. -->
                <configuration xmlns="urn:activemq" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                               xsi:schemaLocation="urn:activemq /schema/artemis-configuration.xsd">
                  <core xmlns="urn:activemq:core">
                    <name>cess-broker</name>
                    <persistence-enabled>false</persistence-enabled>
                    <security-enabled>true</security-enabled>
                    <acceptors>
                      <acceptor name="core">tcp://0.0.0.0:61616?protocols=CORE</acceptor>
                    </acceptors>
                    <security-settings>
                """);
        settings.forEach((match, grants) -> {
            x.append("      <security-setting match=\"").append(match).append("\">\n");
            grants.forEach((p, roles) -> x.append("        <permission type=\"").append(p.xmlName()).append("\" roles=\"")
                    .append(String.join(",", roles)).append("\"/>\n"));
            x.append("      </security-setting>\n");
        });
        x.append("    </security-settings>\n    <addresses>\n");
        for (String topic : BrokerAccess.TOPICS) {
            x.append("      <address name=\"").append(topic).append("\"><multicast/></address>\n");
        }
        return x.append("    </addresses>\n  </core>\n</configuration>\n").toString();
    }
}
