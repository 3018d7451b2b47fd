package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import java.util.List;
import java.util.Optional;

/**
 * The balances module: accounts, the total issuance, transfers, and the fees and nonces every
 * transaction settles before its call runs ({@link #settle}). Other modules move tokens only
 * through {@link #currency}. Stateless and pure.
 */
public final class Balances implements Module {
    public static final int INDEX = 1;
    public static final StateKind ACCOUNT = StateKind.of(INDEX, 0, "account", Account::decode);
    public static final StateKind ISSUANCE = StateKind.of(INDEX, 1, "issuance", Issuance::decode);
    /** The treasury (Community Development Fund): an account that no key controls. */
    public static final Address TREASURY = Address.ofModule("cess/trsy");
    /** Where every module's slashed stake goes: an account no key controls. */
    public static final Address PUNISHMENT_POOL = Address.ofModule("cess/pnsh");

    @Override
    public int index() {
        return INDEX;
    }

    @Override
    public String name() {
        return "balances";
    }

    @Override
    public List<StateKind> kinds() {
        return List.of(ACCOUNT, ISSUANCE);
    }

    @Override
    public Call decodeCall(int call, Decoder d) {
        if (call == Transfer.INDEX) {
            return Transfer.decodeBody(d);
        }
        throw new IllegalArgumentException("balances has no call " + call);
    }

    @Override
    public Optional<TxRejection> apply(CallContext ctx, Call call) {
        Transfer t = (Transfer) call;
        Amount free = ctx.currency().free(ctx.sender());
        if (free.compareTo(t.amount()) < 0) {
            return Optional.of(new TxRejection(TxError.INSUFFICIENT_BALANCE,
                    "free balance " + free + " (after the fee) does not cover the amount " + t.amount()));
        }
        return ctx.currency().transfer(ctx.sender(), t.dest(), t.amount());
    }

    @Override
    public List<GovernableParam> governable() {
        return List.of(
                GovernableParam.of("minFee", "the lowest fee a transaction may offer (units)", FeeParams.class,
                        p -> p.minFee().units().toString(), (p, v) -> new FeeParams(Amount.parseUnits(v), p.treasuryFeePercent())),
                GovernableParam.of("treasuryFeePercent",
                        "the share of each fee paid to the treasury; the rest goes to the block author", FeeParams.class,
                        p -> Integer.toString(p.treasuryFeePercent()),
                        (p, v) -> new FeeParams(p.minFee(), GovernableParam.smallInt("treasuryFeePercent", v))));
    }

    /**
     * Settles what every transaction pays before its call: checks the nonce and the fee, takes
     * the fee from the sender, splits it between treasury and {@code author}, and advances the
     * sender's nonce. On a refusal {@code state} is untouched.
     */
    public static Optional<TxRejection> settle(StateOverlay state, Transaction tx, Address author, FeeParams fees) {
        Account sender = state.account(tx.sender());
        if (tx.nonce() != sender.nonce()) {
            return Optional.of(tx.nonce() < sender.nonce()
                    ? new TxRejection(TxError.NONCE_REPLAYED, "nonce " + tx.nonce() + " was already used; the next nonce is "
                    + sender.nonce())
                    : new TxRejection(TxError.NONCE_GAP, "nonce " + tx.nonce() + " is ahead of the next nonce " + sender.nonce()));
        }
        if (tx.fee().compareTo(fees.minFee()) < 0) {
            return Optional.of(new TxRejection(TxError.FEE_TOO_LOW,
                    "fee " + tx.fee() + " is below the minimum fee " + fees.minFee()));
        }
        if (sender.free().compareTo(tx.fee()) < 0) {
            return Optional.of(new TxRejection(TxError.INSUFFICIENT_BALANCE,
                    "free balance " + sender.free() + " does not cover the fee " + tx.fee()));
        }
        state.put(tx.sender(), new Account(sender.free().minus(tx.fee()), sender.nonce() + 1));
        Amount toTreasury = tx.fee().share(fees.treasuryFeePercent(), 100);
        Amount toAuthor = tx.fee().minus(toTreasury);
        if (!toTreasury.isZero()) {
            state.put(TREASURY, state.account(TREASURY).credit(toTreasury));
        }
        if (!toAuthor.isZero()) {
            state.put(author, state.account(author).credit(toAuthor));
        }
        return Optional.empty();
    }

    /** The currency over {@code state}: what other modules are handed to move tokens. */
    public static Currency currency(StateOverlay state) {
        return new OverlayCurrency(state);
    }

    /** {@link Currency} over one overlay. */
    private record OverlayCurrency(StateOverlay state) implements Currency {
        @Override
        public Amount free(Address who) {
            return state.account(who).free();
        }

        @Override
        public Optional<TxRejection> transfer(Address from, Address to, Amount amount) {
            Optional<TxRejection> why = reserve(from, amount);
            if (why.isEmpty()) {
                unreserve(to, amount);
            }
            return why;
        }

        @Override
        public Optional<TxRejection> reserve(Address who, Amount amount) {
            Account a = state.account(who);
            if (a.free().compareTo(amount) < 0) {
                return Optional.of(new TxRejection(TxError.INSUFFICIENT_BALANCE,
                        "free balance " + a.free() + " does not cover " + amount));
            }
            state.put(who, a.debit(amount));
            return Optional.empty();
        }

        @Override
        public void unreserve(Address who, Amount amount) {
            if (!amount.isZero()) {
                state.put(who, state.account(who).credit(amount));
            }
        }

        @Override
        public void slashInto(Address to, Amount amount) {
            unreserve(to, amount);
        }

        @Override
        public void mint(Address to, Amount amount) {
            unreserve(to, amount);
            state.put(Issuance.KEY, new Issuance(Issuance.of(state).plus(amount)));
        }

        @Override
        public Optional<TxRejection> burn(Address from, Amount amount) {
            Optional<TxRejection> why = reserve(from, amount);
            if (why.isEmpty()) {
                state.put(Issuance.KEY, new Issuance(Issuance.of(state).minus(amount)));
            }
            return why;
        }
    }
}
