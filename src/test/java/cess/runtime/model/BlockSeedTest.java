package cess.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Hash;
import cess.staking.model.Randao;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockSeedTest {
    @Test
    void theSeedDependsOnTheParentAndOnTheMixAndOnNothingElse() {
        Hash parent = Hash.sha256(new byte[] {1});
        TreeMap<StateKey, StateValue> a = new TreeMap<>();
        a.put(Randao.KEY, new Randao(Hash.sha256(new byte[] {2}), 5));
        TreeMap<StateKey, StateValue> b = new TreeMap<>();
        b.put(Randao.KEY, new Randao(Hash.sha256(new byte[] {3}), 5));
        TreeMap<StateKey, StateValue> sameMixMoreReveals = new TreeMap<>();
        sameMixMoreReveals.put(Randao.KEY, new Randao(Hash.sha256(new byte[] {2}), 6));

        Hash seed = RuntimeApplication.blockSeed(parent, a::get);
        assertEquals(seed, RuntimeApplication.blockSeed(parent, a::get), "deterministic");
        assertEquals(seed, RuntimeApplication.blockSeed(parent, sameMixMoreReveals::get));
        assertNotEquals(seed, RuntimeApplication.blockSeed(parent, b::get), "another mix");
        assertNotEquals(seed, RuntimeApplication.blockSeed(Hash.sha256(new byte[] {9}), a::get), "another parent");
        assertNotEquals(seed, parent);
    }
}
