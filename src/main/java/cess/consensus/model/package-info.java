/**
 * The chain's structure and consensus rules as pure functions: block headers and their hashes,
 * commit certificates and their verification against a validator set, the genesis, and block
 * execution (building a block from pool transactions and re-executing a received one).
 */
package cess.consensus.model;
