/**
 * The node's chain: {@link cess.consensus.control.ChainNode} loads or creates the replica
 * ({@link cess.consensus.control.ReplicaLoader}), admits transactions and builds and checks blocks
 * by calling the pure {@code consensus.model} functions, and makes blocks final through
 * {@link cess.consensus.control.Finality}; the {@link cess.consensus.control.Replica} holds the
 * last persisted {@link cess.consensus.control.Head} (an immutable snapshot, swapped in once the
 * block is in the database), the {@link cess.consensus.control.Mempool} the admitted transactions,
 * and {@link cess.consensus.control.ChainStore} writes each block atomically, with what the
 * modules' observers of {@link cess.consensus.control.BlockPersisting} add to its transaction.
 * Readers inject {@link cess.consensus.control.ChainReads}, which reads the head and the pool
 * without the node's locks. The consensus driver, block sync and transaction gossip use the peer
 * network as a transport.
 */
package cess.consensus.control;
