package cess.ledger.model;

/**
 * The value of one state entry, with the canonical encoding the state commitment hashes. Its
 * {@link StateKind} (which its module declares) decodes it.
 */
public interface StateValue {
    byte[] encode();
}
