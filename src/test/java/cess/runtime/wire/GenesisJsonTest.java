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

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
