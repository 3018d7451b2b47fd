package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
    private static ByteArrayInputStream body(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonNestedTooDeepIsMalformedNotAnInternalError() {
        String arrays = "[".repeat(1001) + "]".repeat(1001);
        ApiException a = assertThrows(ApiException.class, () -> BoundedBody.jsonArray(body(arrays), 65536));
        assertEquals(400, a.status());
        assertEquals("malformed_json", a.code());
        assertTrue(a.getMessage().contains("nested"), a.getMessage());

        String objects = "{\"a\":".repeat(1001) + "1" + "}".repeat(1001);
        ApiException o = assertThrows(ApiException.class, () -> BoundedBody.jsonObject(body(objects), 65536));
        assertEquals(400, o.status());
        assertEquals("malformed_json", o.code());
        // an object holding a deep array, as a transaction's field would
        String field = "{\"sender\":" + arrays + "}";
        assertEquals("malformed_json", assertThrows(ApiException.class,
                () -> BoundedBody.jsonObject(body(field), 65536)).code());
    }

    @Test
    void reasonableNestingStillParses() {
        String nested = "[".repeat(100) + "]".repeat(100);
        assertEquals(1, BoundedBody.jsonArray(body(nested), 65536).size());
    }

    @Test
    void otherRefusalsKeepTheirCodes() {
        assertEquals("malformed_json", assertThrows(ApiException.class,
                () -> BoundedBody.jsonObject(body("{\"a\": "), 100)).code());
        assertEquals(413, assertThrows(ApiException.class,
                () -> BoundedBody.jsonObject(body("{\"a\": \"" + "x".repeat(200) + "\"}"), 100)).status());
    }
}
