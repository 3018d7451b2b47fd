package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Encoder;

/**
 * The key of one entry of chain state: a kind and an id that is unique within the kind. Keys
 * order by kind, then id, which is the order the state commitment and range listings use; ids
 * are built so that related entries share a prefix (an owner's buckets, a bucket's objects).
 */
public record StateKey(Kind kind, String id) implements Comparable<StateKey> {
    /** What an entry holds. Tags are part of the state commitment and never reused. */
    public enum Kind {
        ACCOUNT(1), MINER(2), TERRITORY(3), BUCKET(4), FILE(5), OBJECT(6), GRANT(7), CANDIDATE(8), ON_DUTY(9), RANDAO(10), WORK(11), OFFENCE(12),
        PROPOSAL(13), VOTE(14), AGENDA(15), GOVERNANCE(16), ISSUANCE(17),
        /** The one owner of a bucket name across accounts ({@code cess.storage.model.BucketName}). */
        BUCKET_NAME(18);

        private final int tag;

        Kind(int tag) {
            this.tag = tag;
        }

        public int tag() {
            return tag;
        }
    }

    public StateKey {
        if (kind == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("state key needs a kind and an id");
        }
    }

    public static StateKey account(Address a) {
        return new StateKey(Kind.ACCOUNT, a.ss58());
    }

    @Override
    public int compareTo(StateKey o) {
        int c = Integer.compare(kind.tag, o.kind.tag);
        return c != 0 ? c : id.compareTo(o.id);
    }

    /** The first key after every key of {@code kind} whose id starts with {@code prefix}. */
    public static StateKey after(Kind kind, String prefix) {
        return new StateKey(kind, prefix + Character.MAX_VALUE);
    }

    public byte[] encode() {
        return new Encoder().u8(kind.tag).string(id).toBytes();
    }

    /** The stored form, {@code tag:id}. */
    public String stored() {
        return kind.tag + ":" + id;
    }

    public static StateKey parseStored(String s) {
        int colon = s.indexOf(':');
        int tag = Integer.parseInt(s.substring(0, colon));
        for (Kind k : Kind.values()) {
            if (k.tag == tag) {
                return new StateKey(k, s.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("unknown state kind " + tag);
    }

    /** Parses the {@link #toString} form, {@code kind:id} (e.g. {@code account:cX…}). */
    public static StateKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a state key is kind:id, e.g. account:cX…");
        }
        String kind = text.substring(0, colon);
        for (Kind k : Kind.values()) {
            if (k.name().equalsIgnoreCase(kind)) {
                return new StateKey(k, text.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("unknown state kind '" + kind + "'");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
