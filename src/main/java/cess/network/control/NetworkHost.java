package cess.network.control;

import cess.shared.Hash;

/**
 * What the peer network needs from the node that hosts it, declared here so that the network
 * depends on no chain package (the chain depends on the network): the chain every envelope is
 * bound to, and where to report that another process signs with this node's key. One
 * implementation lives with the chain; it must be ready before {@link PeerNetwork} starts.
 * Implementations are thread-safe: messaging threads call them concurrently.
 */
public interface NetworkHost {
    /** The hash of the chain's genesis, which every envelope sent or received is bound to. */
    Hash genesisHash();

    /**
     * Another process sealed an envelope with this node's key: the node must stop deciding blocks
     * (two signers of one key can equivocate) and report itself down.
     */
    void reportForeignSigner(String why);
}
