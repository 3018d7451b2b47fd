-- The node's replica of the chain: blocks, transactions, accounts and the head pointer.
-- Natural keys only (hashes, heights, addresses), so no sequences or identity columns.

CREATE TABLE chain_meta (
    name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    val   VARCHAR(512) NOT NULL
);

CREATE TABLE block (
    height       BIGINT        NOT NULL PRIMARY KEY,
    hash         VARCHAR(66)   NOT NULL UNIQUE,
    parent_hash  VARCHAR(66)   NOT NULL,
    timestamp_ms BIGINT        NOT NULL,
    proposer     VARCHAR(64)   NOT NULL,
    tx_root      VARCHAR(66)   NOT NULL,
    state_root   VARCHAR(66)   NOT NULL,
    epoch        BIGINT        NOT NULL,
    tx_count     INT           NOT NULL,
    commit_data  VARBINARY(131072) NOT NULL
);

CREATE TABLE account (
    address  VARCHAR(64)     NOT NULL PRIMARY KEY,
    free     NUMERIC(39, 0)  NOT NULL,
    nonce    BIGINT          NOT NULL
);

-- Every admitted transaction: pending until a block includes or rejects it.
CREATE TABLE chain_tx (
    hash          VARCHAR(66)      NOT NULL PRIMARY KEY,
    seq           BIGINT           NOT NULL UNIQUE,
    sender        VARCHAR(64)      NOT NULL,
    nonce         BIGINT           NOT NULL,
    status        VARCHAR(16)      NOT NULL,
    block_height  BIGINT,
    block_index   INT,
    error_code    VARCHAR(32),
    reason        VARCHAR(512),
    encoded       VARBINARY(16384) NOT NULL,
    received_ms   BIGINT           NOT NULL
);

CREATE INDEX chain_tx_by_block  ON chain_tx (block_height, block_index);
CREATE INDEX chain_tx_by_status ON chain_tx (status, seq);
CREATE INDEX chain_tx_by_sender ON chain_tx (sender, nonce);
