package cess.consensus.control;

import cess.ledger.model.SignedTransaction;
import java.util.List;

/**
 * CDI event fired after transactions have been admitted to this node's pool together (one
 * submission, or one batch from a client or a peer), and persisted if they are this node's own.
 *
 * @param transactions in the order they were admitted
 * @param fromPeer     whether another node sent them (they are not gossiped again: every node heard them)
 */
public record TransactionsAdmitted(List<SignedTransaction> transactions, boolean fromPeer) {
}
