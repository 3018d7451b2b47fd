package cess.storage.wire;

import cess.ledger.wire.Jsons;
import cess.shared.Hash;
import cess.storage.model.FileHealth;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A file's health as {@code GET /api/files/{fid}/health} answers it: the summary, then the
 * segments that are not whole (at most {@code maxListed}; {@code listed} says how many are),
 * each with its missing fragments, why, and their repair.
 */
public final class FileHealthJson {
    private FileHealthJson() {
    }

    public static JsonObject toJson(Hash fid, long height, FileHealth h, int maxListed) {
        JsonArrayBuilder segs = Jsons.createArrayBuilder();
        int listed = 0;
        for (FileHealth.SegmentHealth s : h.unhealthy()) {
            if (listed == maxListed) {
                break;
            }
            listed++;
            JsonArrayBuilder gaps = Jsons.createArrayBuilder();
            for (FileHealth.Gap g : s.gaps()) {
                JsonObjectBuilder b = Jsons.createObjectBuilder().add("fragment", g.fragment()).add("miner", g.miner().ss58())
                        .add("reason", g.why()).add("order", g.order());
                g.claim().ifPresent(c -> b.add("claimant", c.claimant().ss58()).add("claimDeadline", c.deadlineHeight()));
                gaps.add(b);
            }
            segs.add(Jsons.createObjectBuilder().add("segment", s.segment()).add("state", s.state().label())
                    .add("present", s.present()).add("redundancy", s.redundancy()).add("missing", gaps));
        }
        return Jsons.createObjectBuilder().add("fid", fid.hex()).add("height", height).add("state", h.state().label())
                .add("dataFragments", h.k()).add("parityFragments", h.m()).add("segments", h.segments())
                .add("segmentsDegraded", h.segmentsDegraded()).add("segmentsLost", h.segmentsLost())
                .add("redundancy", h.redundancy()).add("fragmentsPresent", h.fragmentsPresent())
                .add("fragmentsMissing", h.fragmentsMissing()).add("ordersOpen", h.ordersOpen())
                .add("ordersClaimed", h.ordersClaimed()).add("listed", listed).add("degradedSegments", segs).build();
    }
}
