package cess.ledger.model;

/** A refused transaction: a stable error code and a sentence naming the problem. */
public record TxRejection(TxError error, String message) {
    public TxRejection {
        if (error == null || message == null) {
            throw new IllegalArgumentException("a rejection needs an error and a message");
        }
    }
}
