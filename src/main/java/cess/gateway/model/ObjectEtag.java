package cess.gateway.model;

import cess.shared.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ETag of a stored object, as S3 clients see it (in listings too). A plain object's is S3's:
 * the MD5 of its bytes, or for a multipart upload the MD5 of its parts' MD5s, "-" and the number
 * of parts. An encrypted object's must say nothing about its plaintext (an MD5 in a listing
 * confirms a guess of the content), so, as S3 does for SSE-C, it is not the MD5: it is derived
 * from the object's FID, which commits to the ciphertext (sealed with random nonces), and keeps
 * the "-N" of a multipart upload. An encrypted part's ETag, before the object exists, is an HMAC
 * of its MD5 under the upload's staging key, which only the customer's key gives. Each is
 * 32 lower-case hex digits, stored with the object, so If-Match and If-None-Match compare the
 * same value every time. Pure functions; thread-safe.
 */
public final class ObjectEtag {
    private static final HexFormat HEX = HexFormat.of();

    private ObjectEtag() {
    }

    /** A plain object's (or part's) ETag: the hex MD5 of its bytes. */
    public static String plain(byte[] md5) {
        return HEX.formatHex(md5);
    }

    /**
     * An encrypted object's ETag: SHA-256 of a domain tag and the FID, cut to 16 bytes, with the
     * part count of a multipart upload ({@code parts > 0}) appended as S3 does.
     */
    public static String encrypted(Hash fid, int parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("CESS/etag/encrypted/v1\n".getBytes(StandardCharsets.US_ASCII));
            d.update(fid.bytes());
            String etag = HEX.formatHex(d.digest(), 0, 16);
            return parts > 0 ? etag + "-" + parts : etag;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An encrypted part's ETag: HMAC-SHA256(staging key, tag ‖ part number ‖ MD5), cut to 16 bytes. */
    public static String encryptedPart(byte[] stagingKey, int part, byte[] md5) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(stagingKey, "HmacSHA256"));
            mac.update("CESS/etag/part/v1\n".getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(4).putInt(part).array());
            return HEX.formatHex(mac.doFinal(md5), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of parts of a multipart ETag ({@code …-N}), or 0 for a single upload's. */
    public static int parts(String etag) {
        int dash = etag == null ? -1 : etag.lastIndexOf('-');
        if (dash < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(etag.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
