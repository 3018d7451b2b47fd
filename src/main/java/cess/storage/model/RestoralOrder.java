package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import java.util.Optional;

/**
 * An order to rebuild one lost fragment on another miner (CESS's restoral order): which fragment
 * ({@code fid}, segment, fragment index), the miner it was lost from and why, the block that
 * created it, and, while a miner works on it, that miner and the last block at which its
 * completion is accepted. A claim that passed its deadline is void: the order may be claimed
 * again. The fragment stays in the file's layout under the lost miner until a completion moves
 * it, so reads know where it was and skip it. Immutable.
 *
 * <p>Encoded for the state as {@code fid, u32 segment, u32 fragment, lost miner, u8 reason,
 * u64 created, u8 claimed, [claimant, u64 deadline]}.
 */
public record RestoralOrder(Hash fid, int segment, int fragment, Address lost, Reason reason, long createdHeight,
                            Optional<Claim> claim) implements StateValue {
    /** Why the fragment is known lost; tags are never reused. */
    public enum Reason {
        /** Its miner failed a storage proof that sampled it. */
        PROOF_FAILED(0),
        /** Its miner exits the network and hands its data over. */
        MINER_EXITING(1),
        /** Its miner missed so many challenges in a row that its data is presumed lost. */
        MISSED_CHALLENGES(2),
        /** Its miner was forced out. */
        FORCED_OUT(3),
        /**
         * A gateway read it and found bytes that do not match its commitment, and its miner then
         * failed or missed the targeted challenge the report opened.
         */
        CORRUPT_READ(4);

        public final int tag;

        Reason(int tag) {
            this.tag = tag;
        }

        static Reason of(int tag) {
            for (Reason r : values()) {
                if (r.tag == tag) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no restoral reason " + tag);
        }

        /** The reason as the API says it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A miner working on the order, and the last block at which its completion counts. */
    public record Claim(Address claimant, long deadlineHeight) {
        public Claim {
            if (claimant == null || deadlineHeight < 1) {
                throw new IllegalArgumentException("a claim names its miner and a deadline");
            }
        }
    }

    public RestoralOrder {
        if (fid == null || lost == null || reason == null || claim == null) {
            throw new IllegalArgumentException("a restoral order names a file, the lost miner, a reason and its claim");
        }
        if (segment < 0 || fragment < 0 || createdHeight < 0) {
            throw new IllegalArgumentException("segment, fragment and height are not negative");
        }
    }

    /** A new, unclaimed order. */
    public static RestoralOrder open(Hash fid, int segment, int fragment, Address lost, Reason reason, long height) {
        return new RestoralOrder(fid, segment, fragment, lost, reason, height, Optional.empty());
    }

    public static StateKey key(Hash fid, int segment, int fragment) {
        return new StateKey(Storage.RESTORAL, prefix(fid) + segment + ":" + fragment);
    }

    /** The key prefix of every order of one file. */
    public static String prefix(Hash fid) {
        return fid.hex() + ":";
    }

    public StateKey key() {
        return key(fid, segment, fragment);
    }

    /** The claim that still holds at {@code height}, if any: one past its deadline is void. */
    public Optional<Claim> claimAt(long height) {
        return claim.filter(c -> height <= c.deadlineHeight());
    }

    /** Where the order stands at {@code height}: {@code open}, {@code claimed} or {@code claim_expired}. */
    public String stateAt(long height) {
        if (claim.isEmpty()) {
            return "open";
        }
        return claimAt(height).isPresent() ? "claimed" : "claim_expired";
    }

    public RestoralOrder claimedBy(Address claimant, long deadlineHeight) {
        return new RestoralOrder(fid, segment, fragment, lost, reason, createdHeight,
                Optional.of(new Claim(claimant, deadlineHeight)));
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().hash(fid).u32(segment).u32(fragment).address(lost).u8(reason.tag).u64(createdHeight);
        if (claim.isPresent()) {
            e.u8(1).address(claim.get().claimant()).u64(claim.get().deadlineHeight());
        } else {
            e.u8(0);
        }
        return e.toBytes();
    }

    public static RestoralOrder decode(Decoder d) {
        Hash fid = d.hash();
        long segment = d.u32();
        long fragment = d.u32();
        Address lost = d.address();
        Reason reason = Reason.of(d.u8());
        long created = d.u64();
        int claimed = d.u8();
        Optional<Claim> claim = switch (claimed) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(new Claim(d.address(), d.u64()));
            default -> throw new IllegalArgumentException("restoral claim flag " + claimed);
        };
        if (segment > Integer.MAX_VALUE || fragment > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment or fragment index out of range");
        }
        return new RestoralOrder(fid, (int) segment, (int) fragment, lost, reason, created, claim);
    }
}
