/**
 * The gateway registry's REST view ({@code /api/gateways}): registered gateways by account,
 * paged, and one gateway. Read-only; registering, updating and deregistering are transactions
 * sent through {@code POST /api/transactions} like every other call. Reads the chain through
 * {@link cess.consensus.control.ChainReads}.
 */
package cess.oss.boundary;
