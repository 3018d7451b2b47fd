package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedBodyTest {
    static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyThatHashesToItsSignedHashReadsToTheEnd() throws IOException {
        SignedBody in = new SignedBody(new ByteArrayInputStream(BODY), SigV4.sha256Hex(BODY));
        assertArrayEquals(BODY, in.readAllBytes());
        assertEquals(-1, in.read());
    }

    @Test
    void anotherBodyFailsTheReadThatReachesItsEnd() throws IOException {
        SignedBody in = new SignedBody(new ByteArrayInputStream(BODY), SigV4.sha256Hex("other".getBytes()));
        byte[] buf = new byte[BODY.length];
        assertEquals(BODY.length, in.readNBytes(buf, 0, buf.length), "the bytes stream before the end");
        PayloadException e = assertThrows(PayloadException.class, in::read);
        assertEquals(SignedBody.MISMATCH, e.code());
    }

    @Test
    void theEmptyBodyHasTheKnownHash() throws IOException {
        assertEquals(0, new SignedBody(new ByteArrayInputStream(new byte[0]), SignedRequest.EMPTY_BODY_SHA256)
                .readAllBytes().length);
    }
}
