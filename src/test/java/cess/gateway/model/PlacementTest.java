package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Address;
import cess.shared.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Placement over failure domains: the nodes that host the miners. */
class PlacementTest {
    static final List<Address> MINERS = IntStream.rangeClosed(1, 12).mapToObj(i -> KeyPair.dev("//Miner" + i).address())
            .toList();

    /** Miners 1..n, {@code perNode} to a node, node j at port 8080 + j. */
    static List<Placement.Candidate> nodes(int n, int perNode, long free) {
        List<Placement.Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Placement.Candidate(MINERS.get(i), free, "http://127.0.0.1:" + (8080 + i / perNode)));
        }
        return out;
    }

    static Map<String, Integer> perDomain(List<Placement.Candidate> cands, List<Address> chosen) {
        Map<String, Integer> out = new HashMap<>();
        for (Placement.Candidate c : cands) {
            if (chosen.contains(c.miner())) {
                out.merge(c.domain(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void sixFragmentsOverThreeNodesOfTwoMinersPutTwoOnEach() {
        List<Placement.Candidate> cands = nodes(6, 2, 1000);
        for (int seed = 0; seed < 500; seed++) {
            List<Address> chosen = Placement.choose(cands, 6, 100, Set.of(), new SplittableRandom(seed));
            assertEquals(Map.of("http://127.0.0.1:8080", 2, "http://127.0.0.1:8081", 2, "http://127.0.0.1:8082", 2),
                    perDomain(cands, chosen));
        }
        assertTrue(Placement.toleratesLosingADomain(4, 2, 3), "4+2 over three nodes survives losing one");
    }

    @Test
    void unevenNodesStillGetAtMostTheirShareWhateverTheFreeSpace() {
        // Node 8080 hosts four miners with far more room; nodes 8081 and 8082 two each.
        List<Placement.Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String domain = "http://127.0.0.1:" + (i < 4 ? 8080 : i < 6 ? 8081 : 8082);
            cands.add(new Placement.Candidate(MINERS.get(i), i < 4 ? 1_000_000 : 1000, domain));
        }
        for (int seed = 0; seed < 500; seed++) {
            Map<String, Integer> spread = perDomain(cands, Placement.choose(cands, 6, 100, Set.of(),
                    new SplittableRandom(seed)));
            assertEquals(Set.of(2), Set.copyOf(spread.values()), "two on each node: " + spread);
        }
    }

    @Test
    void withinADomainTheDrawIsStillWeightedByFreeSpace() {
        List<Placement.Candidate> cands = List.of(
                new Placement.Candidate(MINERS.get(0), 9000, "a"), new Placement.Candidate(MINERS.get(1), 1000, "a"),
                new Placement.Candidate(MINERS.get(2), 1000, "b"));
        int firstOfA = 0;
        SplittableRandom r = new SplittableRandom(3);
        for (int run = 0; run < 10_000; run++) {
            List<Address> chosen = Placement.choose(cands, 2, 100, Set.of(), r);
            assertEquals(2, perDomain(cands, chosen).size(), "one per domain while a domain is free");
            if (chosen.contains(MINERS.get(0))) {
                firstOfA++;
            }
        }
        assertTrue(firstOfA > 8700 && firstOfA < 9300, "miner 1 holds 9/10 of domain a's room: " + firstOfA);
    }

    @Test
    void aFragmentPlacedAgainAvoidsTheDomainsThatHoldTheSegmentsOthers() {
        List<Placement.Candidate> cands = nodes(9, 3, 1000);
        // Five fragments are on nodes 8080 (two) and 8081 (two) and 8082 (one): the sixth goes to 8082.
        Map<String, Integer> placed = Map.of("http://127.0.0.1:8080", 2, "http://127.0.0.1:8081", 2,
                "http://127.0.0.1:8082", 1);
        Set<Address> used = Set.of(MINERS.get(0), MINERS.get(1), MINERS.get(3), MINERS.get(4), MINERS.get(6));
        for (int seed = 0; seed < 200; seed++) {
            Address a = Placement.choose(cands, 1, 100, used, placed, new SplittableRandom(seed)).get(0);
            assertTrue(a.equals(MINERS.get(7)) || a.equals(MINERS.get(8)), "on node 8082: " + a);
        }
    }

    @Test
    void sameSeedSamePlacementInAnyOrderAndMinersOfTheirOwnDomainBehaveAsBefore() {
        List<Placement.Candidate> cands = nodes(8, 3, 5000);
        List<Placement.Candidate> shuffled = new ArrayList<>(cands);
        Collections.reverse(shuffled);
        assertEquals(Placement.choose(cands, 6, 100, Set.of(), new SplittableRandom(11)),
                Placement.choose(shuffled, 6, 100, Set.of(), new SplittableRandom(11)));
        // One node hosting everything (the devnet): every miner in one domain, still six distinct miners.
        List<Placement.Candidate> one = nodes(6, 6, 1000);
        assertEquals(6, Set.copyOf(Placement.choose(one, 6, 100, Set.of(), new SplittableRandom(1))).size());
        assertFalse(Placement.toleratesLosingADomain(4, 2, 1), "one node is one failure");
        assertFalse(Placement.toleratesLosingADomain(4, 2, 2), "three fragments on a node are one too many");
        assertTrue(Placement.toleratesLosingADomain(4, 8, 2));
        assertThrows(IllegalStateException.class, () -> Placement.choose(one, 7, 100, Set.of(), new SplittableRandom(1)));
    }

    @Test
    void theDomainOfAnEndpointIsItsSchemeHostAndPort() {
        assertEquals("http://node-b:8081", Placement.domainOf("http://Node-B:8081/"));
        assertEquals("http://node-b:8081", Placement.domainOf(" http://node-b:8081/api "));
        assertEquals("https://miner.example:443", Placement.domainOf("https://miner.example"));
        assertEquals("http://10.0.0.1:80", Placement.domainOf("http://10.0.0.1"));
        assertEquals("not a url", Placement.domainOf("not a url"));
    }
}
