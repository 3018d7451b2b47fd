/**
 * The audit module in JSON: its call as views show it ({@link cess.audit.wire.AuditJson}), and a
 * miner's audit standing ({@link cess.audit.wire.MinerAudit}) with the one-line status that says
 * what the miner waits for, written by {@link cess.audit.wire.AuditViews} for the REST API, the
 * CLI and the console. Pure: values in, JSON out; no container.
 */
package cess.audit.wire;
