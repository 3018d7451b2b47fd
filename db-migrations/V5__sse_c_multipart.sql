-- S3 multipart uploads with SSE-C. An upload started with a customer key records a check value
-- of that key (SHA-256 over a domain tag, the upload id and the key: the key itself is never
-- stored), so that every part and the completion can be refused when they bring another key.
-- Its staged parts are sealed on the gateway's disk under a key derived from the customer's.
ALTER TABLE s3_multipart ADD COLUMN key_check VARBINARY(32);
