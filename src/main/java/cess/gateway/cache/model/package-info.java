/** The DeOSS segment cache's pure rules: which segments it keeps (segmented LRU), the form of its files (block checksums), the check of a segment's bytes against the chain's hashes, and what gateways tell each other about their caches. */
package cess.gateway.cache.model;
