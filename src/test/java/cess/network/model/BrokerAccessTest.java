package cess.network.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.network.model.BrokerAccess.Permission;
import cess.shared.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/** The permission table: the catch-all and management are the admin's; each node's queues are its own. */
class BrokerAccessTest {
    static final String ALICE = KeyPair.dev("//Alice").address().ss58();
    static final String BOB = KeyPair.dev("//Bob").address().ss58();

    @Test
    void theCatchAllGrantsNothingToNodesAndEachNodesQueuesAreItsOwn() {
        Map<String, Map<Permission, SortedSet<String>>> s = BrokerAccess.settings(List.of(BOB, ALICE));
        for (Permission p : Permission.values()) {
            assertEquals(Set.of(BrokerAccess.ADMIN_ROLE), s.get("#").get(p), "# (management, $sys, the rest): " + p);
        }
        for (String topic : BrokerAccess.TOPICS) {
            assertEquals(Set.of(BrokerAccess.NODE_ROLE, BrokerAccess.ADMIN_ROLE), s.get(topic).get(Permission.SEND));
            assertEquals(Set.of(BrokerAccess.ADMIN_ROLE), s.get(topic).get(Permission.CONSUME), "no node consumes a topic's queues");
            assertEquals(Set.of(BrokerAccess.ADMIN_ROLE), s.get(topic).get(Permission.CREATE_NON_DURABLE_QUEUE));
            Map<Permission, SortedSet<String>> sub = s.get(topic + "::nonDurable." + topic.substring(5) + "-" + ALICE);
            assertEquals(Set.of(ALICE, BrokerAccess.ADMIN_ROLE), sub.get(Permission.CONSUME));
            assertEquals(Set.of(ALICE, BrokerAccess.ADMIN_ROLE), sub.get(Permission.DELETE_NON_DURABLE_QUEUE));
        }
        Map<Permission, SortedSet<String>> q = s.get("cess.node." + ALICE);
        assertEquals(Set.of(BrokerAccess.NODE_ROLE, BrokerAccess.ADMIN_ROLE), q.get(Permission.SEND), "anyone asks Alice");
        assertEquals(Set.of(ALICE, BrokerAccess.ADMIN_ROLE), q.get(Permission.CONSUME));
        assertEquals(Set.of(ALICE, BrokerAccess.ADMIN_ROLE), q.get(Permission.CREATE_DURABLE_QUEUE), "Alice re-creates it");
        assertEquals(Set.of(BrokerAccess.ADMIN_ROLE), q.get(Permission.DELETE_DURABLE_QUEUE), "nobody but an admin deletes it");
        assertEquals(Set.of(BrokerAccess.ADMIN_ROLE), q.get(Permission.MANAGE));
        assertEquals(BrokerAccess.settings(List.of(ALICE, BOB)), s, "the same accounts, the same settings");
        int topics = BrokerAccess.TOPICS.size();
        assertEquals(1 + topics + 2 * (1 + topics), s.size(), "#, each topic, and per node its queue and subscriptions");
    }

    @Test
    void aUserThatIsNoAccountCannotSmuggleAWildcardIntoAMatch() {
        for (String bad : List.of("cess.#", "*", "a.b", "x::y", "", ALICE + ".x")) {
            assertThrows(IllegalArgumentException.class, () -> BrokerAccess.settings(List.of(bad)), bad);
            assertThrows(IllegalArgumentException.class, () -> BrokerAccess.nodeQueue(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> BrokerAccess.subscriptionName("cess.other", ALICE));
        assertTrue(BrokerAccess.subscriptionQueue(BrokerAccess.BLOCKS, ALICE).equals("nonDurable.blocks-" + ALICE));
    }

    @Test
    void aPasswordHashHasArtemissFormAndNeedsEnoughRandomness() {
        String h = BrokerPassword.hash("pw", new byte[] {1, 2});
        assertTrue(h.matches("ENC\\(10000:0102:[0-9a-f]{128}\\)"), h);
        assertEquals(h, BrokerPassword.hash("pw", new byte[] {1, 2}), "deterministic for a salt");
        assertTrue(!h.equals(BrokerPassword.hash("pw", new byte[] {1, 3})));
        assertThrows(IllegalArgumentException.class, () -> BrokerPassword.fromRandom(new byte[15]));
        assertEquals(64, BrokerPassword.fromRandom(new byte[32]).length());
    }
}
