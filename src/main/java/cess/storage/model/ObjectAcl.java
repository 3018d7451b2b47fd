package cess.storage.model;

/**
 * Who may read an object's bytes without the owner's signature, recorded on chain with the
 * object so that every gateway honours it. {@link #PRIVATE} (the default): only an owner, by a
 * signed request or a presigned link it made. {@link #PUBLIC_READ}: anyone (S3's canned ACL
 * {@code public-read}). The code is the chain encoding; new grants take new codes.
 */
public enum ObjectAcl {
    PRIVATE(0), PUBLIC_READ(1);

    private final int code;

    ObjectAcl(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ObjectAcl of(int code) {
        for (ObjectAcl a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown object ACL code " + code);
    }
}
