/**
 * The runtime: the one place that lists the modules ({@link cess.runtime.model.Runtime#STANDARD})
 * and the executive that runs them, as a Substrate runtime lists its pallets and FRAME's executive
 * runs them. It reads calls and state kinds by module index, settles every transaction's fee and
 * nonce through balances before dispatching its call to the module that owns it, runs the
 * modules' block hooks in list order, and composes the parameters each module registers. Pure.
 */
package cess.runtime.model;
