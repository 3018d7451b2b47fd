package cess.gateway.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One uploaded part of a multipart upload; its bytes are a file in the upload's directory. */
@Entity
@Table(name = "s3_part")
@IdClass(PartEntity.Id.class)
@NamedQuery(name = "Part.ofUpload",
        query = "SELECT p FROM PartEntity p WHERE p.uploadId = :upload ORDER BY p.partNumber")
@NamedQuery(name = "Part.deleteOfUpload", query = "DELETE FROM PartEntity p WHERE p.uploadId = :upload")
public class PartEntity {
    @jakarta.persistence.Id
    @Column(name = "upload_id")
    private String uploadId;
    @jakarta.persistence.Id
    @Column(name = "part_number")
    private int partNumber;
    @Column(name = "size", nullable = false)
    private long size;
    @Column(name = "etag", nullable = false)
    private String etag;
    @Column(name = "created_ms", nullable = false)
    private long createdMillis;

    protected PartEntity() {
    }

    public PartEntity(String uploadId, int partNumber, long size, String etag, long createdMillis) {
        this.uploadId = uploadId;
        this.partNumber = partNumber;
        this.size = size;
        this.etag = etag;
        this.createdMillis = createdMillis;
    }

    public void replace(long newSize, String newEtag, long when) {
        this.size = newSize;
        this.etag = newEtag;
        this.createdMillis = when;
    }

    public int partNumber() {
        return partNumber;
    }

    public long size() {
        return size;
    }

    public String etag() {
        return etag;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** The composite key. */
    public static class Id implements Serializable {
        private String uploadId;
        private int partNumber;

        public Id() {
        }

        public Id(String uploadId, int partNumber) {
            this.uploadId = uploadId;
            this.partNumber = partNumber;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && other.partNumber == partNumber && Objects.equals(other.uploadId, uploadId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(uploadId, partNumber);
        }
    }
}
