package cess.storage.model;

import cess.shared.Decoder;
import cess.shared.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a client said about an object besides its bytes: content type, the ETag the gateway
 * computed (an MD5, S3-style), user metadata ({@code x-amz-meta-*}, at most 2 KiB in all), and who
 * may read the bytes ({@link ObjectAcl}, private unless the owner says otherwise).
 */
public record ObjectMeta(String contentType, String etag, SortedMap<String, String> user, ObjectAcl acl) {
    public ObjectMeta {
        contentType = contentType == null || contentType.isEmpty() ? "application/octet-stream" : contentType;
        etag = etag == null ? "" : etag;
        user = user == null ? new TreeMap<>() : new TreeMap<>(user);
        acl = acl == null ? ObjectAcl.PRIVATE : acl;
    }

    /** A private object's metadata. */
    public ObjectMeta(String contentType, String etag, SortedMap<String, String> user) {
        this(contentType, etag, user, ObjectAcl.PRIVATE);
    }

    /** The same metadata with another ETag. */
    public ObjectMeta withEtag(String newEtag) {
        return new ObjectMeta(contentType, newEtag, user, acl);
    }

    public boolean publicRead() {
        return acl == ObjectAcl.PUBLIC_READ;
    }

    public Optional<String> problem() {
        if (contentType.length() > 256 || etag.length() > 128) {
            return Optional.of("content type must be at most 256 characters and the ETag at most 128");
        }
        int bytes = 0;
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (!e.getKey().matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
                return Optional.of("user metadata name '" + e.getKey() + "' is not a lower-case HTTP token");
            }
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > Names.MAX_META_BYTES) {
            return Optional.of("user metadata is " + bytes + " bytes, more than the limit of " + Names.MAX_META_BYTES);
        }
        return Optional.empty();
    }

    public void encode(Encoder e) {
        e.string(contentType).string(etag).u32(user.size());
        user.forEach((k, v) -> e.string(k).string(v));
        e.u8(acl.code());
    }

    public static ObjectMeta decode(Decoder d) {
        String type = d.string(256);
        String etag = d.string(128);
        long n = d.u32();
        if (n > Names.MAX_META_BYTES) {
            throw new IllegalArgumentException("too many metadata entries");
        }
        TreeMap<String, String> user = new TreeMap<>();
        for (long i = 0; i < n; i++) {
            user.put(d.string(Names.MAX_META_BYTES), d.string(Names.MAX_META_BYTES));
        }
        return new ObjectMeta(type, etag, user, ObjectAcl.of(d.u8()));
    }
}
