package cess.gateway.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An S3 access key of this gateway, bound to an account; the secret is stored sealed. */
@Entity
@Table(name = "s3_access_key")
@NamedQuery(name = "AccessKey.byAccount",
        query = "SELECT k FROM AccessKeyEntity k WHERE k.account = :account ORDER BY k.createdMillis")
public class AccessKeyEntity {
    @Id
    @Column(name = "access_key")
    private String accessKey;
    @Column(name = "account", nullable = false)
    private String account;
    @Column(name = "secret", nullable = false)
    private byte[] sealedSecret;
    @Column(name = "created_ms", nullable = false)
    private long createdMillis;

    protected AccessKeyEntity() {
    }

    public AccessKeyEntity(String accessKey, String account, byte[] sealedSecret, long createdMillis) {
        this.accessKey = accessKey;
        this.account = account;
        this.sealedSecret = sealedSecret;
        this.createdMillis = createdMillis;
    }

    public String accessKey() {
        return accessKey;
    }

    public String account() {
        return account;
    }

    public byte[] sealedSecret() {
        return sealedSecret;
    }

    public long createdMillis() {
        return createdMillis;
    }
}
