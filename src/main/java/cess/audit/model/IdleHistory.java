package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@value #KEEP} things that happened to a miner's filler, newest last: commitments,
 * certifications and refusals, and the verdicts of its idle challenges, each with the reason, so
 * that a miner's idle space never changes in silence. The counts live in {@link AuditRecord} and
 * {@link IdleSpace}; this is the readable trail. Immutable.
 */
public record IdleHistory(List<Entry> entries) implements StateValue {
    /** Entries kept per miner. */
    public static final int KEEP = 16;
    /** A miner without any. */
    public static final IdleHistory NONE = new IdleHistory(List.of());

    /** What happened. */
    public enum Kind { COMMITTED, CERTIFIED, REFUSED, PASSED, FAILED, MISSED, DISPLACED }

    /**
     * One event.
     *
     * @param kind      what happened
     * @param height    the block it happened in
     * @param challenge the challenge it concerns, −1 for none (a commitment, a displacement)
     * @param firstUnit the first unit concerned
     * @param units     how many units
     * @param reason    in words
     */
    public record Entry(Kind kind, long height, long challenge, long firstUnit, long units, String reason) {
        public Entry {
            if (kind == null || reason == null || height < 0 || challenge < -1 || firstUnit < 0 || units < 0) {
                throw new IllegalArgumentException("an idle history entry has a kind, a reason and non-negative numbers");
            }
            reason = IdleSpace.clip(reason);
        }
    }

    public IdleHistory {
        entries = List.copyOf(entries);
        if (entries.size() > KEEP) {
            throw new IllegalArgumentException("an idle history keeps at most " + KEEP + " entries, not " + entries.size());
        }
    }

    /** This history with {@code e} appended, the oldest dropped beyond {@value #KEEP}. */
    public IdleHistory with(Entry e) {
        List<Entry> out = new ArrayList<>(entries);
        out.add(e);
        while (out.size() > KEEP) {
            out.remove(0);
        }
        return new IdleHistory(out);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u8(entries.size());
        for (Entry x : entries) {
            e.u8(x.kind().ordinal()).u64(x.height()).u64(x.challenge() + 1).u64(x.firstUnit()).u64(x.units()).string(x.reason());
        }
        return e.toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static IdleHistory decode(Decoder d) {
        int n = d.u8();
        if (n > KEEP) {
            throw new IllegalArgumentException("an idle history keeps at most " + KEEP + " entries, not " + n);
        }
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = d.u8();
            if (k >= Kind.values().length) {
                throw new IllegalArgumentException("no idle history kind " + k);
            }
            out.add(new Entry(Kind.values()[k], d.u64(), d.u64() - 1, d.u64(), d.u64(), d.string(AuditRecord.MAX_REASON_BYTES)));
        }
        return new IdleHistory(out);
    }
}
