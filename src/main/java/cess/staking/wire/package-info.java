/** The staking module's calls in JSON, as clients send them and views show them. */
package cess.staking.wire;
