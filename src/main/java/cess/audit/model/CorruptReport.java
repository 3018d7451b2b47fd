package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway's report that a fragment it read does not match its commitment, and where the chain
 * stands on it ({@link ReportRules}). The report itself is no evidence: it makes the chain issue,
 * at the next block, a targeted challenge of that fragment with the report's id, which the miner
 * answers like any other; only that challenge's verdict counts. Kept under the challenge's id
 * while it is pending or challenged, and, once cleared, until the fragment may be reported again.
 * Immutable.
 *
 * <p>Encoded {@code u64 id, reporter, fragment (fid, u32 segment, u8 index, root, u64 length),
 * miner, u32 n, n × u64 suspect chunk, u64 reported, u8 state, u64 cleared}.
 *
 * @param id             the targeted challenge's id (taken when the report was accepted)
 * @param reporter       the gateway that sent it (and paid its fee)
 * @param miner          the miner the layout placed the fragment on
 * @param fragment       the fragment, its commitment and length as the layout had them
 * @param suspects       chunk indexes the reporter found wrong (sampled first), possibly none
 * @param reportedHeight the block that accepted the report
 * @param state          where it stands
 * @param clearedHeight  the block whose passed proof cleared it (0 unless cleared)
 */
public record CorruptReport(long id, Address reporter, Address miner, Holding fragment, List<Long> suspects,
                            long reportedHeight, State state, long clearedHeight) implements StateValue {
    /** The most suspect chunks a report may name. */
    public static final int MAX_SUSPECTS = 16;

    /** Accepted and waiting for its challenge (the next block), challenged, or cleared by a passed proof. */
    public enum State { PENDING, CHALLENGED, CLEARED }

    public CorruptReport {
        if (id < 0 || reporter == null || miner == null || fragment == null || suspects == null || state == null
                || reportedHeight < 0 || clearedHeight < 0) {
            throw new IllegalArgumentException("a corrupt-read report needs its id, reporter, miner, fragment and state");
        }
        suspects = List.copyOf(suspects);
        if (suspects.size() > MAX_SUSPECTS) {
            throw new IllegalArgumentException("a report names at most " + MAX_SUSPECTS + " suspect chunks, got "
                    + suspects.size());
        }
    }

    public CorruptReport challenged() {
        return new CorruptReport(id, reporter, miner, fragment, suspects, reportedHeight, State.CHALLENGED, 0);
    }

    public CorruptReport cleared(long height) {
        return new CorruptReport(id, reporter, miner, fragment, suspects, reportedHeight, State.CLEARED, height);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u64(id).address(reporter).hash(fragment.fid()).u32(fragment.segment()).u8(fragment.fragment())
                .hash(fragment.root()).u64(fragment.length()).address(miner).u32(suspects.size());
        suspects.forEach(e::u64);
        return e.u64(reportedHeight).u8(state.ordinal()).u64(clearedHeight).toBytes();
    }

    /** @throws IllegalArgumentException if the encoding is malformed */
    public static CorruptReport decode(Decoder d) {
        long id = d.u64();
        Address reporter = d.address();
        cess.shared.Hash fid = d.hash();
        long segment = d.u32();
        if (segment > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment index out of range");
        }
        Holding h = new Holding(fid, (int) segment, d.u8(), d.hash(), d.u64());
        Address miner = d.address();
        long n = d.u32();
        if (n > MAX_SUSPECTS) {
            throw new IllegalArgumentException("a report names at most " + MAX_SUSPECTS + " suspect chunks, got " + n);
        }
        List<Long> suspects = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            suspects.add(d.u64());
        }
        long reported = d.u64();
        int state = d.u8();
        if (state >= State.values().length) {
            throw new IllegalArgumentException("unknown report state " + state);
        }
        return new CorruptReport(id, reporter, miner, h, suspects, reported, State.values()[state], d.u64());
    }
}
