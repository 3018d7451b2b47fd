package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a multi-node test watches on its nodes: transfers sent and included, the head every node
 * reports, and that no two nodes hold different blocks at a height. Reads the array it is given
 * each time, so that a test may replace a node (a restart) in place.
 */
final class ChainWatch {
    private final NodeProcess[] nodes;
    private final Duration timeout;

    ChainWatch(NodeProcess[] nodes, Duration timeout) {
        this.nodes = nodes;
        this.timeout = timeout;
    }

    /** Sends 1 CESS from {@code from} to {@code to} through node {@code via}; returns the transaction hash. */
    String transfer(int via, KeyPair from, KeyPair to) {
        NodeApi api = nodes[via].api();
        return api.submit(api.transfer(from, to.address(), Amount.cess(1), api.nextNonce(from.address())))
                .expect(202).json().getString("hash");
    }

    /** Waits until every listed node knows the transaction as included in a block. */
    void awaitIncluded(String hash, int... on) {
        for (int i : on) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                NodeApi.Reply r = nodes[i].api().get("/api/transactions/" + hash);
                if (r.status() == 200 && "included".equals(r.json().getString("status"))) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "transaction " + hash + " not included on node " + (i + 1)
                        + " within " + timeout + ": " + r.body() + "; health " + health(i));
                NodeApi.sleep(100);
            }
        }
    }

    /** Whether node {@code i} knows the transaction as included. */
    boolean included(String hash, int i) {
        NodeApi.Reply r = nodes[i].api().get("/api/transactions/" + hash);
        return r.status() == 200 && "included".equals(r.json().getString("status"));
    }

    JsonObject head(int i) {
        return nodes[i].api().get("/api/chain/head").expect(200).json();
    }

    long height(int i) {
        return head(i).getJsonNumber("height").longValue();
    }

    JsonObject health(int i) {
        return nodes[i].api().get("/health").json().getJsonArray("checks").getJsonObject(0).getJsonObject("data");
    }

    /**
     * Waits until the listed nodes report one head (height, hash and state root), at least
     * {@code atLeast}; returns its height.
     */
    long awaitSameHead(long atLeast, int... on) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonObject> heads = new ArrayList<>();
            for (int i : on) {
                heads.add(head(i));
            }
            JsonObject first = heads.get(0);
            boolean same = first.getJsonNumber("height").longValue() >= atLeast && heads.stream().allMatch(h ->
                    h.getString("hash").equals(first.getString("hash"))
                            && h.getString("stateRoot").equals(first.getString("stateRoot")));
            if (same) {
                return first.getJsonNumber("height").longValue();
            }
            assertTrue(System.nanoTime() < deadline, "nodes do not agree on a head: " + heads);
            NodeApi.sleep(200);
        }
    }

    /** Every final block each listed node holds up to {@code height} is the same block on all of them. */
    void assertNoFork(long height, int... on) {
        for (long h = 1; h <= height; h++) {
            String hash = null;
            for (int i : on) {
                String own = nodes[i].api().get("/api/chain/blocks/" + h).expect(200).json().getString("hash");
                if (hash == null) {
                    hash = own;
                }
                assertEquals(hash, own, "block " + h + " differs on node " + (i + 1));
            }
        }
    }
}
