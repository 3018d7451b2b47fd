package cess.ledger.model;

import cess.shared.Address;

/** Read access to account state. An unknown account reads as {@link Account#EMPTY}. */
public interface StateView {
    Account account(Address address);
}
