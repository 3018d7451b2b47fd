package cess.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary SHA-256 Merkle tree with domain separation: leaves are {@code H(0x00 || leaf)}, inner
 * nodes {@code H(0x01 || left || right)}. An odd node at the end of a level is promoted
 * unchanged rather than paired with itself, so no two different leaf lists share a root
 * (the duplicate-last-leaf ambiguity of Bitcoin's tree cannot occur). The root of no leaves is
 * {@code H(0x02)}, distinct from every non-empty root.
 */
public final class Merkle {
    private static final byte[] LEAF = {0};
    private static final byte[] NODE = {1};
    private static final byte[] EMPTY = {2};

    private Merkle() {
    }

    public static Hash leaf(byte[] content) {
        return Hash.sha256(LEAF, content);
    }

    /** The root over leaves that are already hashes (each is re-hashed as a leaf). */
    public static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return Hash.sha256(EMPTY);
        }
        List<Hash> level = new ArrayList<>(leaves.size());
        for (Hash h : leaves) {
            level.add(leaf(h.bytes()));
        }
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(Hash.sha256(NODE, level.get(i).bytes(), level.get(i + 1).bytes()));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }
}
