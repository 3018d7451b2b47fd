-- Every movement of the treasury (Community Development Fund), block by block: its share of the
-- fees, forfeited proposal bonds, payouts of funding proposals. Written in the same transaction
-- as the block, derived from the block's governance events and the balance before and after.
CREATE TABLE treasury_movement (
    height        BIGINT          NOT NULL,
    seq           INT             NOT NULL,
    timestamp_ms  BIGINT          NOT NULL,
    kind          VARCHAR(16)     NOT NULL,
    amount        NUMERIC(39, 0)  NOT NULL,
    counterparty  VARCHAR(64),
    proposal      BIGINT          NOT NULL,
    balance_after NUMERIC(39, 0)  NOT NULL,
    PRIMARY KEY (height, seq)
);
