/**
 * The audit's REST view ({@code /api/audit}): challenges not yet closed, and each miner's audit
 * standing with a status line saying what it waits for. Reads the final head through
 * {@link cess.consensus.control.ChainReads}, and the storage market only through
 * {@link cess.audit.control.StorageMiners}.
 */
package cess.audit.boundary;
