package cess.ledger.model;

/**
 * Why a transaction is refused. The code is stable and machine-readable; the category tells a
 * transport which status fits.
 */
public enum TxError {
    MALFORMED(Category.INVALID),
    BAD_SIGNATURE(Category.INVALID),
    FEE_TOO_LOW(Category.UNPROCESSABLE),
    NONCE_REPLAYED(Category.CONFLICT),
    NONCE_GAP(Category.CONFLICT),
    DUPLICATE(Category.CONFLICT),
    INSUFFICIENT_BALANCE(Category.UNPROCESSABLE),
    POOL_FULL(Category.UNAVAILABLE),
    INVALID_ARGUMENT(Category.INVALID),
    FORBIDDEN(Category.FORBIDDEN),
    NOT_FOUND(Category.NOT_FOUND),
    ALREADY_EXISTS(Category.CONFLICT),
    NOT_EMPTY(Category.CONFLICT),
    TERRITORY_EXPIRED(Category.UNPROCESSABLE),
    TERRITORY_FULL(Category.UNPROCESSABLE),
    MINER_UNAVAILABLE(Category.UNPROCESSABLE),
    VOTING_CLOSED(Category.UNPROCESSABLE),
    DEADLINE_PASSED(Category.UNPROCESSABLE);

    /** How a transport should classify the error. */
    public enum Category { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, UNPROCESSABLE, UNAVAILABLE }

    private final Category category;

    TxError(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** The lower-case code used in APIs, e.g. {@code insufficient_balance}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
