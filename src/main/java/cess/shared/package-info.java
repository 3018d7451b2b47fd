/**
 * Pure value types shared by every layer and by the command-line client: hashes, SS58
 * addresses, token amounts, Ed25519 keys and signatures, and the canonical binary codec.
 * Nothing here touches the container, the clock or a random source.
 */
package cess.shared;
