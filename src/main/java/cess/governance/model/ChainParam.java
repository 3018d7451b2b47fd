package cess.governance.model;

import cess.ledger.model.LedgerParams;
import cess.shared.Amount;
import cess.staking.model.StakingParams;
import java.util.Arrays;
import java.util.Optional;

/**
 * The chain parameters a proposal may change, by name. A value is a decimal integer: an amount
 * in the smallest unit (10^-18 CESS), a percentage, or milliseconds. The genesis's value holds
 * until a change is enacted; the epoch length and the storage market's prices are not among
 * them (changing either under running epochs and territories needs its own migration rule).
 */
public enum ChainParam {
    MIN_FEE("minFee", "the lowest fee a transaction may offer (units)"),
    TREASURY_FEE_PERCENT("treasuryFeePercent", "the share of each fee paid to the treasury; the rest goes to the block author"),
    MIN_BOND("staking.minBond", "the least stake of a validator candidate (units)"),
    BLOCK_TIME("consensus.blockTimeMillis", "how soon a validator with waiting transactions starts the next block (ms)"),
    BOND_PERCENT("governance.bondPercent", "a funding proposal's bond as a share of what it asks"),
    MIN_PROPOSAL_BOND("governance.minProposalBond", "the least bond of a proposal (units)"),
    VOTING("governance.votingMillis", "how long a proposal is open to votes (ms)"),
    ENACTMENT_DELAY("governance.enactmentDelayMillis", "how long a passed proposal waits to be enacted (ms)"),
    QUORUM("governance.quorumPercent", "the turnout a decision needs, as a share of the total issuance"),
    FORFEIT("governance.forfeitPercent", "the share of nays at which a rejected proposal forfeits its bond");

    static final int MAX_NAME = 64;
    static final int MAX_VALUE = 40;

    private final String key;
    private final String meaning;

    ChainParam(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<ChainParam> named(String name) {
        return Arrays.stream(values()).filter(p -> p.key.equals(name)).findFirst();
    }

    /** The effective parameters: the genesis's with every enacted change applied. */
    public static Effective effective(LedgerParams genesis, long genesisBlockTime, GovernanceState gov) {
        Effective e = new Effective(genesis, genesisBlockTime);
        for (var o : gov.overrides().entrySet()) {
            e = named(o.getKey()).orElseThrow().apply(e, o.getValue());
        }
        return e;
    }

    /** The ledger's parameters and the block time, as they stand. */
    public record Effective(LedgerParams ledger, long blockTimeMillis) {
    }

    /** The current value of this parameter in {@code e}, in the form a proposal names it. */
    public String current(Effective e) {
        LedgerParams l = e.ledger();
        GovernanceParams g = l.governance();
        return switch (this) {
            case MIN_FEE -> l.minFee().units().toString();
            case TREASURY_FEE_PERCENT -> Integer.toString(l.treasuryFeePercent());
            case MIN_BOND -> l.staking().minBond().units().toString();
            case BLOCK_TIME -> Long.toString(e.blockTimeMillis());
            case BOND_PERCENT -> Integer.toString(g.bondPercent());
            case MIN_PROPOSAL_BOND -> g.minProposalBond().units().toString();
            case VOTING -> Long.toString(g.votingMillis());
            case ENACTMENT_DELAY -> Long.toString(g.enactmentDelayMillis());
            case QUORUM -> Integer.toString(g.quorumPercent());
            case FORFEIT -> Integer.toString(g.forfeitPercent());
        };
    }

    /**
     * {@code e} with this parameter set to {@code value}.
     *
     * @throws IllegalArgumentException naming the problem when the value is not a decimal integer
     *                                  or is out of the parameter's range
     */
    public Effective apply(Effective e, String value) {
        if (value == null || !value.matches("[0-9]{1,39}")) {
            throw new IllegalArgumentException(key + " takes a decimal integer, got '" + value + "'");
        }
        LedgerParams l = e.ledger();
        GovernanceParams g = l.governance();
        return switch (this) {
            case MIN_FEE -> new Effective(new LedgerParams(Amount.parseUnits(value), l.treasuryFeePercent(), l.storage(),
                    l.staking(), g), e.blockTimeMillis());
            case TREASURY_FEE_PERCENT -> new Effective(new LedgerParams(l.minFee(), smallInt(value), l.storage(), l.staking(), g),
                    e.blockTimeMillis());
            case MIN_BOND -> new Effective(new LedgerParams(l.minFee(), l.treasuryFeePercent(), l.storage(),
                    new StakingParams(Amount.parseUnits(value)), g), e.blockTimeMillis());
            case BLOCK_TIME -> {
                long ms = millis(value);
                if (ms < 10 || ms > 600_000) {
                    throw new IllegalArgumentException(key + " must be 10..600000, got " + value);
                }
                yield new Effective(l, ms);
            }
            case BOND_PERCENT -> with(e, new GovernanceParams(smallInt(value), g.minProposalBond(), g.votingMillis(),
                    g.enactmentDelayMillis(), g.quorumPercent(), g.forfeitPercent()));
            case MIN_PROPOSAL_BOND -> with(e, new GovernanceParams(g.bondPercent(), Amount.parseUnits(value), g.votingMillis(),
                    g.enactmentDelayMillis(), g.quorumPercent(), g.forfeitPercent()));
            case VOTING -> with(e, new GovernanceParams(g.bondPercent(), g.minProposalBond(), millis(value),
                    g.enactmentDelayMillis(), g.quorumPercent(), g.forfeitPercent()));
            case ENACTMENT_DELAY -> with(e, new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                    millis(value), g.quorumPercent(), g.forfeitPercent()));
            case QUORUM -> with(e, new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                    g.enactmentDelayMillis(), smallInt(value), g.forfeitPercent()));
            case FORFEIT -> with(e, new GovernanceParams(g.bondPercent(), g.minProposalBond(), g.votingMillis(),
                    g.enactmentDelayMillis(), g.quorumPercent(), smallInt(value)));
        };
    }

    private static Effective with(Effective e, GovernanceParams g) {
        LedgerParams l = e.ledger();
        return new Effective(new LedgerParams(l.minFee(), l.treasuryFeePercent(), l.storage(), l.staking(), g),
                e.blockTimeMillis());
    }

    private int smallInt(String value) {
        if (value.length() > 9) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return Integer.parseInt(value);
    }

    private long millis(String value) {
        if (value.length() > 15) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return Long.parseLong(value);
    }
}
