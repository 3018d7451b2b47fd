package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static byte[] form(String preamble, byte[] file, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((preamble + "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nreport.pdf\r\n"
                + "--XyZ  \r\ncontent-disposition: form-data; name=\"file\"; filename=\"r\\\"1.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(file);
        out.writeBytes(("\r\n--XyZ" + after).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Hands out the bytes in pieces of random size, as a network does. */
    private static InputStream trickle(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 7 : 9000)));
            }
        };
    }

    @Test
    void fieldsThenAFileThatContainsNearDelimiters() throws IOException {
        Random random = new Random(7);
        byte[] file = new byte[300_000];
        random.nextBytes(file);
        // Pieces of the delimiter inside the content must stay content, across window edges too.
        byte[] near = "\r\n--XyZ".getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 1000; at + near.length < file.length; at += 65_531) {
            System.arraycopy(near, 0, file, at, near.length - 1);
        }
        System.arraycopy("\r\n--Xy".getBytes(StandardCharsets.ISO_8859_1), 0, file, file.length - 6, 6);
        for (long seed = 0; seed < 20; seed++) {
            MultipartForm form = MultipartForm.of(TYPE, trickle(form("preamble\r\n", file, "--\r\nepilogue"), seed));
            MultipartForm.Part name = form.next().orElseThrow();
            assertEquals("name", name.name());
            assertEquals(Optional.empty(), name.filename());
            assertEquals("report.pdf", new String(name.content().readAllBytes(), StandardCharsets.UTF_8));
            MultipartForm.Part part = form.next().orElseThrow();
            assertEquals("file", part.name());
            assertEquals(Optional.of("r\"1.pdf"), part.filename());
            assertEquals(Optional.of("application/pdf"), part.contentType());
            assertArrayEquals(file, form.finalContent().readAllBytes(), "seed " + seed);
            assertFalse(form.next().isPresent());
        }
    }

    @Test
    void emptyFileAndSkippedParts() throws IOException {
        MultipartForm form = MultipartForm.of("Multipart/Form-Data; charset=utf-8; boundary=\"XyZ\"",
                new ByteArrayInputStream(form("", new byte[0], "--")));
        assertTrue(form.next().isPresent());
        MultipartForm.Part file = form.next().orElseThrow(); // the first part's content was never read
        assertEquals(0, form.finalContent().readAllBytes().length);
        assertEquals("file", file.name());
        assertFalse(form.next().isPresent());
    }

    @Test
    void aPartAfterTheFileFailsTheFilesLastRead() throws IOException {
        byte[] body = form("", "abc".getBytes(StandardCharsets.UTF_8),
                "\r\nContent-Disposition: form-data; name=\"bucket\"\r\n\r\nx\r\n--XyZ--");
        MultipartForm form = MultipartForm.of(TYPE, new ByteArrayInputStream(body));
        form.next();
        form.next();
        InputStream content = form.finalContent();
        PayloadException e = assertThrows(PayloadException.class, content::readAllBytes);
        assertEquals(MultipartForm.MALFORMED, e.code());
    }

    @Test
    void truncatedOrMalformedBodiesAreRefused() throws IOException {
        byte[] cut = form("", new byte[100_000], "--");
        MultipartForm form = MultipartForm.of(TYPE, new ByteArrayInputStream(cut, 0, cut.length - 9));
        form.next();
        form.next();
        InputStream content = form.finalContent();
        assertThrows(PayloadException.class, content::readAllBytes);

        assertThrows(PayloadException.class, () -> MultipartForm.of(TYPE,
                new ByteArrayInputStream("no delimiter here".getBytes(StandardCharsets.UTF_8))).next());
        assertThrows(PayloadException.class, () -> MultipartForm.of(TYPE, new ByteArrayInputStream(
                "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".getBytes(StandardCharsets.UTF_8))).next());
        assertThrows(PayloadException.class, () -> MultipartForm.of(TYPE, new ByteArrayInputStream(
                "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n".getBytes(StandardCharsets.UTF_8))).next());
        String longHeader = "--XyZ\r\nContent-Disposition: form-data; name=\"" + "a".repeat(9000) + "\"\r\n\r\nx\r\n--XyZ--";
        PayloadException e = assertThrows(PayloadException.class, () -> MultipartForm.of(TYPE,
                new ByteArrayInputStream(longHeader.getBytes(StandardCharsets.UTF_8))).next());
        assertTrue(e.getMessage().contains("exceed"), e.getMessage());
        assertThrows(PayloadException.class, () -> MultipartForm.of(TYPE, new ByteArrayInputStream(
                "--XyZjunk\r\n".getBytes(StandardCharsets.UTF_8))).next());
    }

    @Test
    void boundaryParameter() {
        assertEquals("a b", MultipartForm.boundary("multipart/form-data; boundary=\"a b\""));
        assertEquals("----x", MultipartForm.boundary("multipart/form-data;boundary=----x ; charset=utf-8"));
        assertThrows(IllegalArgumentException.class, () -> MultipartForm.boundary("multipart/form-data"));
        assertThrows(IllegalArgumentException.class, () -> MultipartForm.boundary("text/plain; boundary=x"));
        assertThrows(IllegalArgumentException.class, () -> MultipartForm.boundary("multipart/form-data; boundary="
                + "b".repeat(71)));
        assertFalse(MultipartForm.isForm(null));
        assertTrue(MultipartForm.isForm(" multipart/form-data; boundary=x"));
    }
}
