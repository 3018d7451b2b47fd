package cess.consensus.model;

import cess.shared.Address;
import cess.shared.Amount;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The on-duty validators of an epoch, in a fixed order. A set of signers is a quorum when their
 * stake is strictly more than two thirds of the total: with at most f faulty out of 3f+1 equal
 * stakes, two quorums always share an honest validator.
 */
public final class ValidatorSet {
    private final Map<Address, Validator> byAccount = new LinkedHashMap<>();
    private final BigInteger total;

    public ValidatorSet(List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set cannot be empty");
        }
        BigInteger sum = BigInteger.ZERO;
        for (Validator v : validators) {
            if (byAccount.put(v.account(), v) != null) {
                throw new IllegalArgumentException("validator " + v.account() + " listed twice");
            }
            sum = sum.add(v.stake().units());
        }
        this.total = sum;
    }

    public List<Validator> validators() {
        return List.copyOf(byAccount.values());
    }

    public Optional<Validator> get(Address account) {
        return Optional.ofNullable(byAccount.get(account));
    }

    public boolean contains(Address account) {
        return byAccount.containsKey(account);
    }

    public Amount totalStake() {
        return new Amount(total);
    }

    /** Whether the distinct signers hold more than 2/3 of the stake. Unknown signers count for nothing. */
    public boolean isQuorum(Collection<Address> signers) {
        return power(signers).multiply(BigInteger.valueOf(3)).compareTo(total.multiply(BigInteger.TWO)) > 0;
    }

    /** Whether the distinct accounts hold more than 1/3 of the stake: at least one of them is honest. */
    public boolean exceedsOneThird(Collection<Address> accounts) {
        return power(accounts).multiply(BigInteger.valueOf(3)).compareTo(total) > 0;
    }

    private BigInteger power(Collection<Address> accounts) {
        return accounts.stream().distinct().map(byAccount::get).filter(java.util.Objects::nonNull)
                .map(v -> v.stake().units()).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The proposer of a height and round: round-robin over the set. */
    public Address proposer(long height, int round) {
        List<Validator> list = validators();
        return list.get((int) Math.floorMod(height + round, (long) list.size())).account();
    }
}
