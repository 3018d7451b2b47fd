package cess.ledger.boundary;

/**
 * An account as the API shows it. {@code free} is in smallest units (a string: it exceeds
 * JSON's safe integers), {@code freeCess} in whole tokens; {@code nextNonce} counts pending
 * transactions too and is what the account's next transaction must carry.
 */
public record AccountView(String address, String free, String freeCess, long nonce, long nextNonce) {
}
