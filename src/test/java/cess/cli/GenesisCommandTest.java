package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.Genesis;
import cess.runtime.wire.GenesisJson;
import cess.ledger.wire.KeyFile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisCommandTest {
    static Cli.Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "http://127.0.0.1:1").run(argv);
        return new Cli.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAGenesisTheNodeReadsAndAKeyFilePerValidator(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("net");
        Cli.Result r = run("genesis", "--validators", "4", "--out", dir.toString(), "--chain-id", "cess-test",
                "--epoch-blocks", "8");
        assertEquals(0, r.exit(), r.err());
        Genesis g;
        try (InputStream in = Files.newInputStream(dir.resolve("genesis.json"))) {
            g = GenesisJson.read(in);
        }
        assertEquals("cess-test", g.chainId());
        assertEquals(4, g.validators().size());
        assertEquals(8, g.consensus().epochBlocks());
        for (int i = 1; i <= 4; i++) {
            cess.shared.KeyPair key = KeyFile.read(dir.resolve("validator-" + i + ".key"));
            assertEquals(g.validators().get(i - 1).account(), key.address(), "validator " + i + " signs with its key file");
            assertEquals(cess.consensus.model.Onion.onionCommitment(key.seed()), g.validators().get(i - 1).onion(),
                    "validator " + i + "'s published onion is the one its node derives from the key");
            assertTrue(cess.runtime.model.RuntimeGenesis.of(g).balances().containsKey(g.validators().get(i - 1).account()));
        }
        assertEquals(cess.shared.Amount.cess(10_000_000), cess.runtime.model.RuntimeGenesis.of(g).balances().get(cess.ledger.model.Balances.TREASURY),
                "the genesis funds the treasury, so that funding proposals can be paid");
        assertEquals(60_000, g.app().params().get(cess.governance.model.GovernanceParams.class).votingMillis(),
                "a local network's vote lasts a minute");
        assertEquals(1_000, cess.runtime.model.Runtime.blockTimeMillis(g.app().params()), "the default block time");
        assertTrue(r.out().contains("-Dcess.broker.listen=127.0.0.1:61616"), r.out());
        assertTrue(r.out().contains("-Dcess.broker.url=tcp://127.0.0.1:61616"), r.out());
        // Broker credentials: node 1's broker reads the users file; each other node logs in with its own password.
        Path users = dir.resolve("broker-users.properties");
        assertTrue(r.out().contains("-Dcess.broker.users=" + users.toAbsolutePath()), r.out());
        java.util.Properties lines = new java.util.Properties();
        try (var in = Files.newBufferedReader(users)) {
            lines.load(in);
        }
        assertEquals(4, lines.size(), lines.toString());
        java.util.Set<String> passwords = new java.util.HashSet<>();
        for (int i = 1; i <= 4; i++) {
            Path pwFile = dir.resolve("validator-" + i + ".broker-password");
            if (i > 1) {
                assertTrue(r.out().contains("-Dcess.broker.password-file=" + pwFile.toAbsolutePath()), r.out());
            }
            String password = Files.readString(pwFile).trim();
            passwords.add(password);
            String account = g.validators().get(i - 1).account().ss58();
            String stored = lines.getProperty(account);
            assertTrue(stored.startsWith("ENC(") && !stored.contains(password), "only a hash in the users file: " + stored);
            assertTrue(new org.apache.activemq.artemis.core.security.User(account, stored).isValid(account, password),
                    "Artemis accepts validator " + i + "'s password against its hash");
            assertTrue(!new org.apache.activemq.artemis.core.security.User(account, stored).isValid(account, password + "x"));
            assertEquals(java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(pwFile));
        }
        assertEquals(4, passwords.size(), "a password of its own per validator");
        assertEquals(4, cess.network.control.BrokerSecurity.fromUsersFile(users, java.util.Set.of()).nodeAccounts().size());
        // An external Artemis (docker/compose.yaml's) gets the same users, their roles and the same settings.
        Path etc = dir.resolve("broker-etc");
        java.util.Properties etcUsers = new java.util.Properties();
        java.util.Properties etcRoles = new java.util.Properties();
        try (var u = Files.newBufferedReader(etc.resolve("artemis-users.properties"));
             var ro = Files.newBufferedReader(etc.resolve("artemis-roles.properties"))) {
            etcUsers.load(u);
            etcRoles.load(ro);
        }
        String admin = Files.readString(dir.resolve("broker-admin.password")).trim();
        assertTrue(new org.apache.activemq.artemis.core.security.User("admin", etcUsers.getProperty("admin"))
                .isValid("admin", admin), "the admin's password against its hash");
        assertEquals("admin", etcRoles.getProperty("cess-admin"));
        String xml = Files.readString(etc.resolve("broker.xml"));
        for (var v : g.validators()) {
            String a = v.account().ss58();
            assertEquals(lines.getProperty(a), etcUsers.getProperty(a));
            assertEquals(a, etcRoles.getProperty(a));
            assertTrue(java.util.Arrays.asList(etcRoles.getProperty("cess-node").split(",")).contains(a));
            assertTrue(xml.contains("<security-setting match=\"cess.node." + a + "\">"), xml);
        }
        assertTrue(xml.contains("<security-setting match=\"#\">\n        <permission type=\"send\" roles=\"cess-admin\"/>"), xml);
        assertTrue(xml.contains("<security-enabled>true</security-enabled>"), xml);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(etc.resolve("broker.xml").toFile());

        Cli.Result again = run("genesis", "--validators", "4", "--out", dir.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("not empty"), again.err());
        assertEquals(2, run("genesis", "--validators", "0", "--out", tmp.resolve("x").toString()).exit());
        assertEquals(2, run("genesis", "--validators", "many", "--out", tmp.resolve("y").toString()).exit());
        Cli.Result shortEpochs = run("genesis", "--validators", "1", "--epoch-blocks", "1", "--out", tmp.resolve("z").toString());
        assertEquals(2, shortEpochs.exit());
        assertTrue(shortEpochs.err().contains("--epoch-blocks takes a block count from 2"), shortEpochs.err());
    }
}
