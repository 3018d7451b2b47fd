package cess.audit.model;

import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fragments a failed service proof showed lost or corrupt: what repair acts on. Kept per
 * miner and challenge until repair takes it.
 *
 * @param miner     the miner that failed
 * @param challenge the challenge it failed
 * @param height    the block that judged it
 * @param fragments each failing sample's fragment, once
 */
public record AuditFault(Address miner, long challenge, long height, List<Holding> fragments) implements StateValue {
    public AuditFault {
        if (miner == null || fragments == null || fragments.isEmpty() || fragments.size() > AuditParams.MAX_SAMPLES) {
            throw new IllegalArgumentException("a fault names a miner and 1.." + AuditParams.MAX_SAMPLES + " fragments");
        }
        fragments = List.copyOf(fragments);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().address(miner).u64(challenge).u64(height).u32(fragments.size());
        for (Holding h : fragments) {
            e.hash(h.fid()).u32(h.segment()).u8(h.fragment()).hash(h.root()).u64(h.length());
        }
        return e.toBytes();
    }

    public static AuditFault decode(Decoder d) {
        Address miner = d.address();
        long challenge = d.u64();
        long height = d.u64();
        long n = d.u32();
        if (n > AuditParams.MAX_SAMPLES) {
            throw new IllegalArgumentException("a fault names at most " + AuditParams.MAX_SAMPLES + " fragments, got " + n);
        }
        List<Holding> fragments = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            fragments.add(new Holding(d.hash(), (int) d.u32(), d.u8(), d.hash(), d.u64()));
        }
        return new AuditFault(miner, challenge, height, fragments);
    }
}
