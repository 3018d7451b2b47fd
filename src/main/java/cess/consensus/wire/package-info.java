/** The JSON form of the genesis, read by the node and written by the command-line client. */
package cess.consensus.wire;
