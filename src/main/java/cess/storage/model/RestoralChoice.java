package cess.storage.model;

import cess.shared.Address;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a node that hosts miners does next about one restoral order: rebuild the fragment if one
 * of its miners holds the claim, claim it for the hosted miner best placed to take it (positive,
 * holding no fragment of the segment, with room: the one with the most free space, then the
 * lowest address, so that the choice is the same on every run), or wait, saying why. The chain
 * checks all of it again when the claim executes; this only avoids sending claims it would
 * refuse. Pure.
 */
public final class RestoralChoice {
    private RestoralChoice() {
    }

    /** The next step on an order. */
    public sealed interface Step permits Claim, Rebuild, Wait {
    }

    /** Claim the order for {@code miner}. */
    public record Claim(Address miner) implements Step {
    }

    /** {@code miner} holds the claim: rebuild the fragment and complete the order. */
    public record Rebuild(Address miner) implements Step {
    }

    /** Nothing to do here now, and why. */
    public record Wait(String why) implements Step {
    }

    /**
     * @param hosted the miners this node hosts, as the chain records them (unregistered ones left out)
     */
    public static Step next(RestoralOrder order, FileLayout layout, Map<Address, Miner> hosted, long height) {
        Optional<RestoralOrder.Claim> held = order.claimAt(height);
        if (held.isPresent()) {
            return hosted.containsKey(held.get().claimant())
                    ? new Rebuild(held.get().claimant())
                    : new Wait("claimed by " + held.get().claimant() + " until block " + held.get().deadlineHeight());
        }
        if (order.segment() >= layout.segments().size()) {
            return new Wait("the file has no segment " + order.segment());
        }
        Segment seg = layout.segments().get(order.segment());
        Set<Address> onSegment = new HashSet<>();
        seg.fragments().forEach(f -> onSegment.add(f.miner()));
        long size = layout.fragmentSize(seg);
        return hosted.entrySet().stream()
                .filter(e -> e.getValue().acceptsFragments() && !onSegment.contains(e.getKey())
                        && e.getValue().freeBytes() >= size)
                .min(Comparator.<Map.Entry<Address, Miner>>comparingLong(e -> -e.getValue().freeBytes())
                        .thenComparing(e -> e.getKey().ss58()))
                .<Step>map(e -> new Claim(e.getKey()))
                .orElseGet(() -> new Wait("no miner of this node can take it: each holds a fragment of the segment, is"
                        + " not positive or lacks " + size + " bytes free"));
    }
}
