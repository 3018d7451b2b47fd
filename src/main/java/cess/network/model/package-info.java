/** The network's pure parts: signed envelopes and the replay guard. */
package cess.network.model;
