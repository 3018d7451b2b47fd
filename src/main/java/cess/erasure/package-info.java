/**
 * Pure, systematic Reed-Solomon erasure coding over GF(2^8): k data shards and m parity shards,
 * any k of which rebuild the rest. No I/O, no container; the gateway's pipeline drives it.
 */
package cess.erasure;
