package cess.gateway.model;

import cess.shared.Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the miners of one segment's fragments: distinct miners, at random, each draw weighted
 * by the miner's free space, never one that cannot take the fragment. The randomness comes in
 * as an argument so that a seeded generator reproduces a placement exactly.
 */
public final class Placement {
    private Placement() {
    }

    /** A miner that may take fragments, with the space it has left for them. */
    public record Candidate(Address miner, long freeBytes) {
    }

    /**
     * @param exclude miners not to use (e.g. ones that just failed)
     * @throws IllegalStateException when fewer than {@code count} miners can take the fragment
     */
    public static List<Address> choose(Collection<Candidate> candidates, int count, long fragmentBytes,
                                       Set<Address> exclude, RandomGenerator random) {
        List<Candidate> pool = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.freeBytes() >= fragmentBytes && !exclude.contains(c.miner())) {
                pool.add(c);
            }
        }
        if (pool.size() < count) {
            throw new IllegalStateException("placement needs " + count + " distinct miners with " + fragmentBytes
                    + " bytes free, only " + pool.size() + " can take it");
        }
        // Sorted so that the same candidates in any order give the same draw for the same seed.
        pool.sort((a, b) -> a.miner().compareTo(b.miner()));
        List<Address> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long total = 0;
            for (Candidate c : pool) {
                total += Math.max(1, c.freeBytes());
            }
            long r = random.nextLong(total);
            int pick = 0;
            for (; pick < pool.size() - 1; pick++) {
                r -= Math.max(1, pool.get(pick).freeBytes());
                if (r < 0) {
                    break;
                }
            }
            chosen.add(pool.remove(pick).miner());
        }
        return chosen;
    }
}
