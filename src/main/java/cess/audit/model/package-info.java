/**
 * The pure rules of storage audits: which of a miner's chunks a challenge samples, when each
 * miner is challenged and by when it must answer, how every validator checks a service-data
 * proof from public data alone (no TEE, no single verifier), and what a missed or failed proof
 * costs. Nothing here reads a clock or draws randomness of its own: heights, seeds and the
 * miner's holdings come in as arguments, so every validator reaches the same verdict.
 *
 * <p>The flow the audit module drives: {@link cess.audit.model.ChallengeSchedule} picks each
 * miner's block in a period; there {@link cess.audit.model.Challenge#issue} draws the samples
 * ({@link cess.audit.model.Sampler}) and the deadline; the miner answers with a
 * {@link cess.audit.model.ServiceProof} ({@link cess.audit.model.Prover} builds one from the
 * sampled blocks); {@link cess.audit.model.ProofCheck} either refuses the transaction (nothing
 * changes, no one is punished), fails the proof (evidence the data is lost) or passes it; and
 * {@link cess.audit.model.Punishment} turns passes, failures and missed deadlines into the
 * miner's {@link cess.audit.model.AuditRecord} and a slash.
 *
 * <p>Idle space ({@link cess.audit.model.IdleRules}): a miner commits the roots of its filler
 * units, the block after challenges them, a passed proof certifies them
 * ({@link cess.audit.model.IdleSpace}), and each period challenges certified units again; the
 * proof itself and its check are in {@code cess.audit.model.idle}. Its parameters are
 * {@link cess.audit.model.IdleAuditParams}.
 *
 * <p>Imports only {@code cess.shared}, {@code cess.ledger.model} and the JDK.
 */
package cess.audit.model;
