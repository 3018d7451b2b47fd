package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class NodeRolesTest {
    @Test
    void rolesParseFromAListInAnyCaseAndAWrongWordIsNamed() {
        assertEquals(EnumSet.of(NodeConfig.Role.STORAGE), NodeConfig.parseRoles("storage"));
        assertEquals(EnumSet.of(NodeConfig.Role.GATEWAY, NodeConfig.Role.CONSENSUS),
                NodeConfig.parseRoles(" Gateway , consensus,"));
        assertEquals(EnumSet.noneOf(NodeConfig.Role.class), NodeConfig.parseRoles(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.parseRoles("miner"));
        assertEquals(true, e.getMessage().contains("MINER"), e.getMessage());
    }
}
