package cess.consensus.control;

import cess.ledger.model.TxRejection;
import jakarta.ejb.ApplicationException;

/**
 * A transaction the node will not admit; carries the rejection that says why. An application
 * exception, so the EJB container passes it to the caller as it is.
 */
@ApplicationException
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
