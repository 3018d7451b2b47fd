package cess.audit.model.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleParamsTest {
    @Test
    void theSampleFormula() {
        assertEquals(180, IdleParams.samplesFor(0.05, 1e-4), "the service-data target");
        assertEquals(66, IdleParams.samplesFor(0.10, 1e-3));
        assertEquals(1, IdleParams.samplesFor(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> IdleParams.samplesFor(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> IdleParams.samplesFor(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> IdleParams.samplesFor(1e-6, 1e-9));
    }

    @Test
    void derivedSizes() {
        IdleParams p = new IdleParams(1 << 20, 5, 66, 22);
        assertEquals(32768, p.labels());
        assertEquals(15, p.pathLength());
        assertEquals(7, p.openingsPerSample());
        assertEquals(3, p.samplesPerRound());
        assertEquals(p, IdleParams.devnet());
        assertTrue(IdleParams.production().unitBytes() > IdleParams.devnet().unitBytes());
    }

    @Test
    void invalidParametersSayWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IdleParams(3 << 20, 5, 66, 22)).getMessage().contains("power of two"));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 15, 5, 66, 22));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 1, 66, 22));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 11, 66, 22));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 5, 4097, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 5, 66, 5)).getMessage().contains("divide"));
        assertThrows(IllegalArgumentException.class, () -> new IdleParams(1 << 20, 5, 66, 0));
    }
}
