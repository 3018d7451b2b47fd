/**
 * The node's chain: {@link cess.consensus.control.ChainNode} loads or creates the replica and
 * makes blocks final by calling the pure {@code consensus.model} functions; the
 * {@link cess.consensus.control.Replica} holds the last persisted {@link cess.consensus.control.Head}
 * (an immutable snapshot, swapped in once the block is in the database), the
 * {@link cess.consensus.control.Mempool} the admitted transactions, and
 * {@link cess.consensus.control.ChainStore} writes each block atomically, with what the modules'
 * observers of {@link cess.consensus.control.BlockPersisting} add to its transaction. The
 * consensus driver, block sync and transaction gossip use the peer network as a transport.
 */
package cess.consensus.control;
