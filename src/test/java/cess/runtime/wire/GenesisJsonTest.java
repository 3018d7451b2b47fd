package cess.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.consensus.model.Genesis;
import cess.ledger.model.Balances;
import cess.ledger.wire.Jsons;
import cess.oss.model.Gateway;
import cess.oss.model.OssGenesis;
import cess.runtime.model.RuntimeGenesis;
import cess.shared.Amount;
import cess.shared.KeyPair;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
    void theDevnetRegistersItsNodesGatewayAndAGenesisWithoutGatewaysLoadsWithNone() {
        Genesis g = devnet();
        assertEquals(List.of(new OssGenesis.GatewaySpec(KeyPair.dev("Alice").address(), "http://127.0.0.1:8080")),
                RuntimeGenesis.of(g).gateways().gateways());
        assertEquals(Gateway.registered("http://127.0.0.1:8080", 0), g.initialState().get(Gateway.key(KeyPair.dev("Alice").address())));
        var without = Jsons.createObjectBuilder();
        GenesisJson.toJson(g).forEach((k, v) -> {
            if (!k.equals("gateways")) {
                without.add(k, v);
            }
        });
        Genesis older = GenesisJson.fromJson(without.build());
        assertEquals(OssGenesis.NONE, RuntimeGenesis.of(older).gateways());
        assertNotEquals(g.hash(), older.hash(), "the gateways are part of the chain's identity");
    }

    @Test
    void refusesBadGatewaysNamingTheSection() {
        String g = GenesisJson.toJson(devnet()).toString();
        String alice = KeyPair.dev("Alice").address().ss58();
        Map<String, String> broken = Map.of(
                g.replace("\"endpoint\":\"http://127.0.0.1:8080\"}]", "\"endpoint\":\"ftp://x\"}]"), "http:// or https://",
                g.replace("\"gateways\":[", "\"gateways\":[{\"address\":\"" + alice + "\",\"endpoint\":\"http://a:1\"},"),
                "twice",
                g.replace("\"gateways\":[{\"address\":\"" + alice, "\"gateways\":[{\"address\":\"cXnope"), "'address'",
                g.replace("\"gateways\":[", "\"gateways\":[{\"address\":\"" + alice + "\"},"), "'endpoint'",
                g.substring(0, g.indexOf("\"gateways\":")) + "\"gateways\":{}}", "must be an array");
        broken.forEach((doc, words) -> {
            assertNotEquals(g, doc, "the test edits the document: " + words);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(doc)));
            assertTrue(e.getMessage().startsWith("gateways: ") && e.getMessage().contains(words), e.getMessage());
        });
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

    @Test
    void readsMissesBeforeRepairIntoTheHashAndNamesWhatIsWrong() {
        Genesis g = devnet();
        assertEquals(2, RuntimeGenesis.of(g).params().get(cess.storage.model.RestoralParams.class).missesBeforeRepair(),
                "the devnet repairs after 2 missed service challenges in a row");
        String json = GenesisJson.toJson(g).toString();
        assertTrue(json.contains("\"missesBeforeRepair\":2"), json);
        assertTrue(!GenesisJson.read(stream(json.replace("\"missesBeforeRepair\":2", "\"missesBeforeRepair\":3"))).hash()
                .equals(g.hash()), "the parameter is in the genesis hash");
        String zero = assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(json.replace(
                "\"missesBeforeRepair\":2", "\"missesBeforeRepair\":0")))).getMessage();
        assertTrue(zero.contains("restoral") && zero.contains("missesBeforeRepair"), zero);
        String missing = assertThrows(IllegalArgumentException.class, () -> GenesisJson.read(stream(json.replace(
                ",\"missesBeforeRepair\":2", "")))).getMessage();
        assertTrue(missing.contains("restoral") && missing.contains("missesBeforeRepair"), missing);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
