package cess.consensus.model;

import cess.ledger.model.Account;
import cess.ledger.model.LedgerParams;
import cess.ledger.model.StateCommitment;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The chain's starting point: its name, parameters, initial balances and validators. Block 0's
 * header has the hash of this specification as its parent, so the genesis block hash (the
 * chain's identity, which every signature is bound to) commits to all of it.
 */
public record Genesis(String chainId, long timestampMillis, LedgerParams ledger, ConsensusParams consensus,
                      NavigableMap<Address, Amount> balances, List<Validator> validators) {
    public Genesis {
        if (chainId == null || !chainId.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("chainId must be 1..64 of [a-z0-9-], starting with a letter or digit");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("genesis timestamp must not be negative");
        }
        if (ledger == null || consensus == null || balances == null || validators == null) {
            throw new IllegalArgumentException("genesis needs ledger and consensus parameters, balances and validators");
        }
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("genesis needs at least one validator");
        }
        balances = Collections.unmodifiableNavigableMap(new TreeMap<>(balances));
        validators = List.copyOf(validators);
        new ValidatorSet(validators); // rejects duplicates
        BigInteger total = balances.values().stream().map(Amount::units).reduce(BigInteger.ZERO, BigInteger::add);
        if (total.compareTo(Amount.MAX) > 0) {
            throw new IllegalArgumentException("genesis balances exceed 2^128-1 units in total");
        }
    }

    /** The hash of the canonical encoding of this specification. */
    public Hash specHash() {
        Encoder e = new Encoder().string(chainId).u64(timestampMillis)
                .amount(ledger.minFee()).u32(ledger.treasuryFeePercent())
                .u64(consensus.blockTimeMillis()).u32(consensus.maxBlockTxs()).u64(consensus.epochBlocks())
                .u32(balances.size());
        for (Map.Entry<Address, Amount> b : balances.entrySet()) {
            e.address(b.getKey()).amount(b.getValue());
        }
        e.u32(validators.size());
        for (Validator v : validators) {
            e.address(v.account()).amount(v.stake());
        }
        return Hash.sha256(e.toBytes());
    }

    public NavigableMap<Address, Account> initialAccounts() {
        TreeMap<Address, Account> accounts = new TreeMap<>();
        balances.forEach((a, amount) -> {
            if (!amount.isZero()) {
                accounts.put(a, new Account(amount, 0));
            }
        });
        return accounts;
    }

    /** Block 0. */
    public BlockHeader header() {
        return new BlockHeader(0, specHash(), timestampMillis, validators.get(0).account(), Block.txRoot(List.of()),
                StateCommitment.root(initialAccounts(), new TreeMap<>()), 0);
    }

    /** The chain's identity: the hash of block 0. */
    public Hash hash() {
        return header().hash();
    }

    public ValidatorSet validatorSet() {
        return new ValidatorSet(validators);
    }
}
