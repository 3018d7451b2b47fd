package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.Genesis;
import cess.consensus.wire.GenesisJson;
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
            assertEquals(cess.consensus.model.R2s.onionCommitment(key.seed()), g.validators().get(i - 1).onion(),
                    "validator " + i + "'s published onion is the one its node derives from the key");
            assertTrue(g.balances().containsKey(g.validators().get(i - 1).account()));
        }
        assertEquals(cess.shared.Amount.cess(10_000_000), g.balances().get(cess.ledger.model.LedgerParams.TREASURY),
                "the genesis funds the treasury, so that funding proposals can be paid");
        assertEquals(60_000, g.ledger().governance().votingMillis(), "a local network's vote lasts a minute");
        assertTrue(r.out().contains("-Dcess.broker.listen=127.0.0.1:61616"), r.out());
        assertTrue(r.out().contains("-Dcess.broker.url=tcp://127.0.0.1:61616"), r.out());

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
