package cess.gateway.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A multipart upload in progress: whose, where to, the object's metadata (encoded) and, for an
 * SSE-C upload, a check value of the customer's key (never the key).
 */
@Entity
@Table(name = "s3_multipart")
@NamedQuery(name = "Multipart.byBucket",
        query = "SELECT u FROM MultipartUploadEntity u WHERE u.owner = :owner AND u.bucket = :bucket ORDER BY u.key, u.createdMillis")
@NamedQuery(name = "Multipart.olderThan",
        query = "SELECT u FROM MultipartUploadEntity u WHERE u.createdMillis < :before")
public class MultipartUploadEntity {
    @Id
    @Column(name = "upload_id")
    private String uploadId;
    @Column(name = "owner", nullable = false)
    private String owner;
    @Column(name = "bucket", nullable = false)
    private String bucket;
    @Column(name = "object_key", nullable = false)
    private String key;
    @Column(name = "meta", nullable = false)
    private byte[] meta;
    @Column(name = "created_ms", nullable = false)
    private long createdMillis;
    @Column(name = "key_check")
    private byte[] keyCheck;

    protected MultipartUploadEntity() {
    }

    public MultipartUploadEntity(String uploadId, String owner, String bucket, String key, byte[] meta, long createdMillis,
                                 byte[] keyCheck) {
        this.uploadId = uploadId;
        this.owner = owner;
        this.bucket = bucket;
        this.key = key;
        this.meta = meta;
        this.createdMillis = createdMillis;
        this.keyCheck = keyCheck;
    }

    public String uploadId() {
        return uploadId;
    }

    public String owner() {
        return owner;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public byte[] meta() {
        return meta;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** The SSE-C key check value, or null for an upload without encryption. */
    public byte[] keyCheck() {
        return keyCheck;
    }
}
