package cess.consensus.control;

import cess.ledger.model.TxRejection;

/** A transaction the node will not admit; carries the rejection that says why. */
public class TxRefusedException extends RuntimeException {
    private final transient TxRejection rejection;

    public TxRefusedException(TxRejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public TxRejection rejection() {
        return rejection;
    }
}
