-- Chain state becomes typed entries (accounts, miners, territories, buckets, files, objects,
-- grants) under one key space, which the state root commits to. The genesis changed with it, so
-- a replica made by V1 is refused at start anyway; its account table is not carried over.

DROP TABLE account;

CREATE TABLE state_entry (
    skey  VARCHAR(1200)      NOT NULL PRIMARY KEY,
    val   VARBINARY(1048576) NOT NULL
);

-- File deals carry their layout: room for transactions up to 1 MiB.
ALTER TABLE chain_tx ALTER COLUMN encoded SET DATA TYPE VARBINARY(1048576);
