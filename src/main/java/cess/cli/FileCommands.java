package cess.cli;

import cess.shared.Hash;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code file health FID}: a file's redundancy as the chain knows it ({@code GET
 * /api/files/{fid}/health}): its state, the redundancy its weakest segment has left, fragments
 * present and missing, repair orders, and each degraded segment with what it misses and why.
 * The formatting is pure, for tests.
 */
final class FileCommands {
    private final NodeClient client;
    private final PrintStream out;

    FileCommands(NodeClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** {@code file health FID}. */
    void run(Args a) {
        String action = a.positional(0, "health");
        if (!action.equals("health")) {
            throw new Args.UsageException("file takes health, not '" + action + "'");
        }
        if (a.positionalCount() != 2) {
            throw new Args.UsageException("file health takes one FID");
        }
        Hash fid;
        try {
            fid = Hash.parse(a.positional(1, "FID"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("FID: " + e.getMessage());
        }
        health(client.get("/api/files/" + fid.hex() + "/health")).forEach(out::println);
    }

    /** The lines of one health answer. */
    static List<String> health(JsonObject h) {
        List<String> lines = new ArrayList<>();
        int segments = h.getInt("segments");
        int degraded = h.getInt("segmentsDegraded");
        lines.add("file        " + h.getString("fid"));
        lines.add("state       " + h.getString("state") + ": " + degraded + " of " + segments + " segment"
                + (segments == 1 ? "" : "s") + " degraded, " + h.getInt("segmentsLost") + " lost (block "
                + h.getJsonNumber("height").longValue() + ")");
        int redundancy = h.getInt("redundancy");
        lines.add("redundancy " + (redundancy < 0 ? " none: the weakest segment lacks " + -redundancy + " of the "
                + h.getInt("dataFragments") + " fragments it needs"
                : " " + redundancy + " more lost fragment" + (redundancy == 1 ? "" : "s") + " survivable in the weakest segment")
                + " (RS " + h.getInt("dataFragments") + "+" + h.getInt("parityFragments") + ")");
        lines.add("fragments   " + h.getJsonNumber("fragmentsPresent").longValue() + " present, "
                + h.getJsonNumber("fragmentsMissing").longValue() + " missing");
        lines.add("repair      " + h.getInt("ordersOpen") + " order" + (h.getInt("ordersOpen") == 1 ? "" : "s") + " open, "
                + h.getInt("ordersClaimed") + " claimed");
        for (JsonValue v : h.getJsonArray("degradedSegments")) {
            JsonObject s = v.asJsonObject();
            lines.add(String.format("segment %-4d%s: %d of %d present, redundancy %d", s.getInt("segment"), s.getString("state"),
                    s.getInt("present"), h.getInt("dataFragments") + h.getInt("parityFragments"), s.getInt("redundancy")));
            for (JsonValue g : s.getJsonArray("missing")) {
                JsonObject f = g.asJsonObject();
                lines.add("  fragment " + f.getInt("fragment") + " on " + f.getString("miner") + "  " + f.getString("reason")
                        + ", " + (f.getString("order").equals("none") ? "no order" : "order " + f.getString("order"))
                        + (f.containsKey("claimant") ? " by " + f.getString("claimant") + " until block "
                                + f.getJsonNumber("claimDeadline").longValue() : ""));
            }
        }
        int listed = h.getInt("listed");
        if (listed < degraded) {
            lines.add("… and " + (degraded - listed) + " more degraded segments, not listed");
        }
        return lines;
    }
}
