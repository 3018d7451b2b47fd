package cess.consensus.control;

import cess.ledger.model.SignedTransaction;

/**
 * CDI event fired after a transaction has been admitted to this node's pool and persisted.
 *
 * @param fromPeer whether another node sent it (it is not gossiped again: every node heard it)
 */
public record TransactionAdmitted(SignedTransaction transaction, boolean fromPeer) {
}
