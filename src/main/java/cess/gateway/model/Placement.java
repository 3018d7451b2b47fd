package cess.gateway.model;

import cess.shared.Address;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the miners of one segment's fragments: distinct miners, never one that cannot take the
 * fragment, spread as evenly as possible over failure domains (the nodes that host the miners,
 * known by the endpoint each miner registered on chain), and at random within that, each draw
 * weighted by the miner's free space. Spreading is what lets a segment survive the loss of a
 * whole node: with k+m fragments over D domains no domain holds more than ceil((k+m)/D) of them,
 * so losing one node costs at most that many, which Reed-Solomon tolerates while it is at most
 * m ({@link #toleratesLosingADomain}). The randomness comes in as an argument so that a seeded
 * generator reproduces a placement exactly.
 */
public final class Placement {
    private Placement() {
    }

    /**
     * A miner that may take fragments, with the space it has left for them and its failure
     * domain ({@link #domainOf} of its endpoint; miners in one domain go down together).
     */
    public record Candidate(Address miner, long freeBytes, String domain) {
        public Candidate {
            if (miner == null || domain == null) {
                throw new IllegalArgumentException("a placement candidate needs a miner and a domain");
            }
        }

        /** A miner that is a failure domain of its own. */
        public Candidate(Address miner, long freeBytes) {
            this(miner, freeBytes, miner.ss58());
        }
    }

    /**
     * The failure domain of a miner's endpoint: its scheme, host and port, lower case, so that
     * {@code http://Node-B:8081/} and {@code http://node-b:8081} are one node. A string that is
     * no URL is its own domain.
     */
    public static String domainOf(String endpoint) {
        try {
            URI u = URI.create(endpoint.trim());
            if (u.getHost() != null) {
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
                return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            }
        } catch (IllegalArgumentException e) {
            // not a URL: fall through
        }
        return endpoint;
    }

    /**
     * Whether a segment of {@code k + m} fragments placed by {@link #choose} over {@code domains}
     * failure domains survives the loss of any one of them.
     */
    public static boolean toleratesLosingADomain(int k, int m, int domains) {
        return domains > 0 && (k + m + domains - 1) / domains <= m;
    }

    /**
     * @param exclude miners not to use (e.g. ones that just failed)
     * @throws IllegalStateException when fewer than {@code count} miners can take the fragment
     */
    public static List<Address> choose(Collection<Candidate> candidates, int count, long fragmentBytes,
                                       Set<Address> exclude, RandomGenerator random) {
        return choose(candidates, count, fragmentBytes, exclude, Map.of(), random);
    }

    /**
     * Like {@link #choose(Collection, int, long, Set, RandomGenerator)}, for a segment that already
     * has {@code placed} fragments in some domains (domain to count): how a fragment a miner
     * refused is placed again without piling onto a domain that holds more than its share.
     */
    public static List<Address> choose(Collection<Candidate> candidates, int count, long fragmentBytes,
                                       Set<Address> exclude, Map<String, Integer> placed, RandomGenerator random) {
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
        Map<String, Integer> load = new HashMap<>(placed);
        List<Address> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Only the least loaded domains take this fragment: the spread stays as even as it can be.
            int least = Integer.MAX_VALUE;
            for (Candidate c : pool) {
                least = Math.min(least, load.getOrDefault(c.domain(), 0));
            }
            List<Integer> eligible = new ArrayList<>();
            long total = 0;
            for (int j = 0; j < pool.size(); j++) {
                if (load.getOrDefault(pool.get(j).domain(), 0) == least) {
                    eligible.add(j);
                    total += Math.max(1, pool.get(j).freeBytes());
                }
            }
            long r = random.nextLong(total);
            int pick = eligible.get(eligible.size() - 1);
            for (int j : eligible) {
                r -= Math.max(1, pool.get(j).freeBytes());
                if (r < 0) {
                    pick = j;
                    break;
                }
            }
            Candidate c = pool.remove(pick);
            load.merge(c.domain(), 1, Integer::sum);
            chosen.add(c.miner());
        }
        return chosen;
    }
}
