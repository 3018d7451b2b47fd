package cess.arch.planted.storage;

import cess.governance.model.Proposal;

/** A planted violation for {@code ModuleBoundariesTest}: a module naming another module's type. */
final class StorageThatKnowsGovernance {
    Proposal proposal;
}
