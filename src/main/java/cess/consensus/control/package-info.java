/**
 * The node's chain driver: loads or creates the replica, admits transactions to the pool, and
 * produces blocks by calling the pure {@code consensus.model} functions, persisting each block
 * atomically before the in-memory state moves.
 */
package cess.consensus.control;
