/** The network's pure parts: signed envelopes, the replay guard, and who may do what on the broker (names, permissions, password hashes). */
package cess.network.model;
