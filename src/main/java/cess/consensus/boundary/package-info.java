/** The chain's REST resources: chain identity and parameters, the head, blocks by height. */
package cess.consensus.boundary;
