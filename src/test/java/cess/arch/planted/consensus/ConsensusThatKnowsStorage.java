package cess.arch.planted.consensus;

import cess.storage.model.Miner;

/** A planted violation for {@code ModuleBoundariesTest}: consensus code naming a storage type. */
final class ConsensusThatKnowsStorage {
    Miner miner;
}
