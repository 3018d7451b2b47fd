package cess.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FragmentPeersTest {
    static final Address ALICE = KeyPair.dev("//Alice").address();
    static final Address BOB = KeyPair.dev("//Bob").address();
    static final Address MALLORY = KeyPair.dev("//Mallory").address();

    @Test
    void validatorsMinersAndGatewaysMayMoveFragmentsNobodyElse() {
        assertEquals(Optional.empty(), FragmentPeers.refusal(ALICE, new FragmentPeers.Standing(true, false, false, false)));
        assertEquals(Optional.empty(), FragmentPeers.refusal(ALICE, new FragmentPeers.Standing(false, true, false, false)));
        assertEquals(Optional.empty(), FragmentPeers.refusal(BOB, new FragmentPeers.Standing(false, false, true, false)),
                "an account with a territory stores for itself");
        assertEquals(Optional.empty(), FragmentPeers.refusal(BOB, new FragmentPeers.Standing(false, false, false, true)),
                "a gateway an owner granted");
        String why = FragmentPeers.refusal(MALLORY, FragmentPeers.Standing.NONE).orElseThrow();
        assertTrue(why.startsWith(MALLORY.ss58()), why);
        assertTrue(why.contains("neither a validator, a registered miner nor a gateway"), why);
    }

    @Test
    void aGrantNamesItsGatewayByTheSecondHalfOfItsId() {
        String id = Grant.key(ALICE, BOB).id();
        assertTrue(FragmentPeers.grants(id, BOB));
        assertFalse(FragmentPeers.grants(id, ALICE), "the owner is not the gateway");
        assertFalse(FragmentPeers.grants(Grant.key(BOB, MALLORY).id(), BOB));
    }
}
