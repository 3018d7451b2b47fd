-- The S3 gateway's own records. They are this gateway's, not the chain's: access keys are
-- secrets shared between one gateway and its clients, and multipart uploads are staged here
-- until completed (only the completed object becomes a file deal on chain).

-- Access keys bound to accounts. The secret is sealed (AES-256-GCM) under a key derived from
-- the node's key, so a copy of the database alone does not reveal it.
CREATE TABLE s3_access_key (
    access_key  VARCHAR(64)   NOT NULL PRIMARY KEY,
    account     VARCHAR(64)   NOT NULL,
    secret      VARBINARY(256) NOT NULL,
    created_ms  BIGINT        NOT NULL
);
CREATE INDEX s3_access_key_account ON s3_access_key (account);

-- Multipart uploads in progress; their parts' bytes are files under <data dir>/multipart/<id>/.
CREATE TABLE s3_multipart (
    upload_id   VARCHAR(64)    NOT NULL PRIMARY KEY,
    owner       VARCHAR(64)    NOT NULL,
    bucket      VARCHAR(63)    NOT NULL,
    object_key  VARCHAR(1024)  NOT NULL,
    meta        VARBINARY(8192) NOT NULL,
    created_ms  BIGINT         NOT NULL
);
CREATE INDEX s3_multipart_bucket ON s3_multipart (owner, bucket);

CREATE TABLE s3_part (
    upload_id    VARCHAR(64) NOT NULL,
    part_number  INT         NOT NULL,
    size         BIGINT      NOT NULL,
    etag         VARCHAR(32) NOT NULL,
    created_ms   BIGINT      NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
