package cess.ledger.model;

import static cess.ledger.model.TransactionTest.ALICE;
import static cess.ledger.model.TransactionTest.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The state commitment over accounts as blocks change them (moved from the former LedgerTest). */
class StateCommitmentTest {
    private final TreeMap<StateKey, StateValue> base = new TreeMap<>(Map.of(StateKey.account(ALICE.address()),
            new Account(Amount.ofUnits(1000), 0)));

    @Test
    void theStateCommitmentSkipsRemovedEntriesAndMergesChanges() {
        TreeMap<StateKey, StateValue> none = new TreeMap<>();
        StateTrie trie = StateTrie.of(base);
        var root = trie.root();
        TreeMap<StateKey, StateValue> removeBob = new TreeMap<>();
        removeBob.put(StateKey.account(BOB.address()), null);
        assertEquals(root, trie.with(removeBob).root());
        TreeMap<StateKey, StateValue> change = new TreeMap<>(Map.of(StateKey.account(ALICE.address()),
                new Account(Amount.ofUnits(999), 0)));
        assertEquals(StateTrie.of(change).root(), trie.with(change).root());
        assertTrue(!root.equals(trie.with(change).root()));
        TreeMap<StateKey, StateValue> removeAlice = new TreeMap<>();
        removeAlice.put(StateKey.account(ALICE.address()), null);
        assertEquals(StateTrie.of(none).root(), trie.with(removeAlice).root());
    }
}
