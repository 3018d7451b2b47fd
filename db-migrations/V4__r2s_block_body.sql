-- R²S: a block header now carries the proposer's RANDAO reveal and commits to its parent's
-- commit and to evidence of equivocation, which travel in the block's body. The header's
-- encoding changed with it, and so did every chain's genesis hash: a database written before
-- this migration holds a chain no current genesis names, and the node says so at start
-- ("holds chain …, not the configured genesis"). The columns are nullable only for such rows.
ALTER TABLE block ADD COLUMN reveal VARCHAR(66);
ALTER TABLE block ADD COLUMN last_commit_hash VARCHAR(66);
ALTER TABLE block ADD COLUMN evidence_root VARCHAR(66);
ALTER TABLE block ADD COLUMN last_commit_data VARBINARY(131072);
ALTER TABLE block ADD COLUMN evidence_data VARBINARY(65536);
