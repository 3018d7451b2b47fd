/**
 * DAO governance, pure: proposals (funding from the treasury, or a chain parameter change) with
 * a bond, token-weighted votes that lock what they weigh, the tally, and the life cycle the chain
 * drives by itself at each block's start (voting ends, enactment). No I/O, no clock: block time
 * comes in as an argument.
 */
package cess.governance.model;
