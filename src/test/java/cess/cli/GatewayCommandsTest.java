package cess.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.oss.model.Gateway;
import cess.oss.wire.GatewayViews;
import cess.shared.Address;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code gateways} over answers written by the node's own view code ({@link GatewayViews}), and the command lines. */
class GatewayCommandsTest {
    static final Address ALICE = KeyPair.dev("//Alice").address();
    static final Address BOB = KeyPair.dev("//Bob").address();

    @Test
    void theTableHasALinePerGatewayOfEveryPage() {
        JsonObject first = GatewayViews.page(List.of(Map.entry(ALICE, Gateway.registered("http://127.0.0.1:8080", 0))), 30,
                Optional.of(ALICE));
        JsonObject second = GatewayViews.page(List.of(Map.entry(BOB,
                Gateway.registered("https://bob.example", 4).movedTo("https://bob2.example", 9))), 30, Optional.empty());
        List<String> lines = GatewayCommands.table(List.of(first, second), "active");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(ALICE.ss58()) && lines.get(0).contains("active")
                && lines.get(0).contains("http://127.0.0.1:8080  registered at 0, updated at 0"), lines.get(0));
        assertTrue(lines.get(1).contains("https://bob2.example  registered at 4, updated at 9"), lines.get(1));
        assertEquals(List.of("no deregistered gateways (block 7)"),
                GatewayCommands.table(List.of(GatewayViews.page(List.of(), 7, Optional.empty())), "deregistered"));
        assertEquals(List.of("no gateways (block 7)"),
                GatewayCommands.table(List.of(GatewayViews.page(List.of(), 7, Optional.empty())), "all"));
    }

    @Test
    void oneGatewayInFull() {
        List<String> lines = GatewayCommands.detail(GatewayViews.one(BOB,
                Gateway.registered("https://bob.example", 4).deregistered(11), 12));
        assertEquals(List.of("gateway     " + BOB.ss58(), "endpoint    https://bob.example", "state       deregistered",
                "registered  at block 4", "updated     at block 11 (read at block 12)"), lines);
    }

    @Test
    void badCommandLinesAreUsageErrorsBeforeAnythingIsSent() {
        for (String[] argv : List.of(new String[] {"gateway", "register", "--key", "//Bob"},
                new String[] {"gateway", "launch", "--key", "//Bob"}, new String[] {"gateway", "deregister"},
                new String[] {"gateways", "a", "b"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = new Cli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                    "http://127.0.0.1:1").run(argv);
            assertEquals(2, exit, String.join(" ", argv));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: "), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aReportNamesTheFragmentItsMinerAndTheSuspectChunks() {
        Address miner = KeyPair.dev("//Miner3").address();
        String fid = cess.shared.Hash.sha256(new byte[] {1}).hex();
        var call = GatewayCommands.report(new Args(List.of("report", fid, "0", "4", "--miner", miner.ss58(), "--chunks", "3, 17",
                "--key", "//Alice"), List.of("key", "endpoint", "miner", "chunks"), List.of()));
        assertEquals(new cess.audit.model.AuditCall.ReportCorrupt(miner, cess.shared.Hash.parse(fid), 0, 4, List.of(3L, 17L)),
                call);
        var bad = org.junit.jupiter.api.Assertions.assertThrows(Args.UsageException.class, () -> GatewayCommands.report(
                new Args(List.of("report", fid, "0", "x", "--miner", miner.ss58()), List.of("miner"), List.of())));
        assertTrue(bad.getMessage().contains("FRAGMENT must be a whole number"), bad.getMessage());
    }
}
