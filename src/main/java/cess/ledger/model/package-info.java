/**
 * The ledger core and the balances module, as pure functions. The core is what every module
 * builds on and knows none of them: state keys and values ({@link cess.ledger.model.StateKind}
 * declared by each module), the state overlay and its commitment ({@link cess.ledger.model.StateTrie}),
 * signed transactions and their canonical encoding, admission to the pool, and the module
 * contract ({@link cess.ledger.model.Module}, {@link cess.ledger.model.Currency},
 * {@link cess.ledger.model.Params}). {@link cess.ledger.model.Balances} is the balances module.
 * No container APIs, no clock, no randomness: everything comes in as arguments.
 */
package cess.ledger.model;
