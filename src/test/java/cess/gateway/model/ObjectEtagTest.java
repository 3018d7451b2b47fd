package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Issue #17: an encrypted object's ETag is not the MD5 of its plaintext, yet is fixed for the stored object. */
class ObjectEtagTest {
    static byte[] md5(String s) throws Exception {
        return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainEtagsAreS3s() throws Exception {
        assertEquals("5d41402abc4b2a76b9719d911017c592", ObjectEtag.plain(md5("hello")));
    }

    @Test
    void encryptedEtagsAreDerivedFromTheFidAndKeepThePartCount() throws Exception {
        Hash fid = Hash.sha256("ciphertext".getBytes(StandardCharsets.UTF_8));
        String single = ObjectEtag.encrypted(fid, 0);
        assertTrue(single.matches("[0-9a-f]{32}"), single);
        assertEquals(single, ObjectEtag.encrypted(fid, 0), "deterministic for the stored object");
        assertNotEquals(single, ObjectEtag.encrypted(Hash.sha256("other".getBytes(StandardCharsets.UTF_8)), 0));
        assertNotEquals(HexFormat.of().formatHex(fid.bytes(), 0, 16), single, "not the FID itself either");
        assertEquals(single + "-3", ObjectEtag.encrypted(fid, 3));
        assertEquals(3, ObjectEtag.parts("0123456789abcdef0123456789abcdef-3"));
        assertEquals(0, ObjectEtag.parts("0123456789abcdef0123456789abcdef"));
        assertEquals(0, ObjectEtag.parts(""));
    }

    @Test
    void encryptedPartEtagsNeedTheKeyAndHideTheMd5() throws Exception {
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;
        String etag = ObjectEtag.encryptedPart(key, 1, md5("part"));
        assertTrue(etag.matches("[0-9a-f]{32}"), etag);
        assertNotEquals(ObjectEtag.plain(md5("part")), etag);
        assertEquals(etag, ObjectEtag.encryptedPart(key, 1, md5("part")));
        assertNotEquals(etag, ObjectEtag.encryptedPart(other, 1, md5("part")));
        assertNotEquals(etag, ObjectEtag.encryptedPart(key, 2, md5("part")));
    }
}
