package cess.storage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cess.platform.ApiException;
import cess.storage.model.Redundancy;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redundancy endpoint's JSON and its one parameter. */
class RedundancyResourceTest {
    @Test
    void writesTheViewWithTheRepairRateInBlocksAndTime() {
        Redundancy r = new Redundancy(50, 3, List.of(new Redundancy.Level(2, 0, 1), new Redundancy.Level(1, 1, 2)), 1, 0, 4, 1,
                2, 10, 2, 7, false);
        JsonObject o = RedundancyResource.toJson(r, 1_000);
        assertFalse(o.getBoolean("healthy"));
        assertEquals(3, o.getInt("degradedSegments"));
        assertEquals(1, o.getInt("atRisk"));
        assertEquals(0, o.getJsonArray("levels").getJsonObject(0).getInt("parityLeft"), "fewest parity left first");
        JsonObject repair = o.getJsonObject("repair");
        assertEquals(10_000, repair.getJsonNumber("windowMillis").longValue());
        assertEquals(20, repair.getJsonNumber("blocksToRepairAll").longValue());
        assertEquals(7, repair.getInt("completedTotal"));
    }

    @Test
    void theWindowIsOneToAThousandBlocks() {
        assertEquals(100, RedundancyResource.blocks(null));
        assertEquals(600, RedundancyResource.blocks("600"));
        for (String bad : List.of("0", "1001", "x", "-5")) {
            assertThrows(ApiException.class, () -> RedundancyResource.blocks(bad), bad);
        }
    }
}
