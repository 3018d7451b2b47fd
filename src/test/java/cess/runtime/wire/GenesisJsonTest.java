package cess.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.Genesis;
import cess.ledger.model.Balances;
import cess.runtime.model.RuntimeGenesis;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GenesisJsonTest {
    static Genesis devnet() {
        return GenesisJson.read(GenesisJsonTest.class.getResourceAsStream("/cess/genesis/devnet.json"));
    }

    @Test
    void devnetGenesisFundsTheDevAccountsAndTreasury() {
        Genesis g = devnet();
        assertEquals("cess-devnet", g.chainId());
        for (String dev : new String[] {"Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"}) {
            assertEquals(Amount.cess(1_000_000), RuntimeGenesis.of(g).balances().get(KeyPair.dev(dev).address()), dev);
        }
        assertEquals(Amount.cess(10_000_000), RuntimeGenesis.of(g).balances().get(Balances.TREASURY));
        assertEquals(KeyPair.dev("Alice").address(), g.validators().get(0).account());
        assertEquals(1000, g.consensus().blockTimeMillis());
    }

    @Test
    void roundTripsToTheSameHash() {
        Genesis g = devnet();
        Genesis back = GenesisJson.read(new ByteArrayInputStream(GenesisJson.toJson(g).toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(g.hash(), back.hash());
    }

    @Test
    void refusesBrokenDocuments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream("{")))
                .getMessage().contains("not valid JSON"));
        String g = GenesisJson.toJson(devnet()).toString();
        assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(g.replace("\"validators\":[", "\"validators\":[1,"))));
        assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(g.replace("\"treasuryFeePercent\":80", "\"treasuryFeePercent\":101"))));
    }

    @Test
    void readsTheIdleSectionBindsItToTheChainAndSaysWhatIsWrong() {
        Genesis g = devnet();
        cess.audit.model.IdleAuditParams idle = RuntimeGenesis.of(g).params().get(cess.audit.model.IdleAuditParams.class);
        assertEquals(1 << 20, idle.unitBytes(), "the devnet's 1 MiB units");
        assertEquals(20, idle.deadlineBaseBlocks());
        assertEquals(cess.audit.model.IdleAuditParams.network("cess-devnet"), idle.network(), "bound to the chain id");
        String json = GenesisJson.toJson(g).toString();
        assertTrue(json.contains("\"idle\":{\"unitBytes\":1048576"), json);
        assertTrue(!GenesisJson.read(stream(json.replace("\"chainId\":\"cess-devnet\"", "\"chainId\":\"other\""))).hash()
                .equals(g.hash()), "another chain's filler is another genesis");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(json.replace("\"unitBytes\":1048576",
                "\"unitBytes\":1000000")))).getMessage().contains("audit.idle: unitBytes must be a power of two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(json.replace("\"rounds\":22",
                "\"rounds\":5")))).getMessage().contains("audit.idle: rounds must divide samples"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(json.replace("\"maxRootsPerCommit\":64",
                "\"maxRootsPerCommit\":0")))).getMessage().contains("audit.idle"));
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
