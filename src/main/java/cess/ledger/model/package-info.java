/**
 * The ledger's rules as pure functions: accounts, signed transactions and their canonical
 * encoding, admission of a transaction to the pool, and the state transition that applies one
 * to the state. No container APIs, no clock, no randomness: everything comes in as arguments.
 */
package cess.ledger.model;
