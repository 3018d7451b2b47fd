/**
 * The chain's structure and consensus rules as pure functions: block headers and their hashes,
 * commit certificates and their verification against a validator set, the genesis, block
 * execution (building a block from pool transactions and re-executing a received one), the BFT
 * engine of one height ({@code Bft}, with its {@code VoteKeeper}) and the per-height driver
 * around it ({@code HeightDriver}: heights, starting, buffering, resending, off duty), which the
 * node's shell and the seeded network simulation both run.
 */
package cess.consensus.model;
