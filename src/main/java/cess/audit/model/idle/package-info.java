/**
 * Idle-space proofs as pure functions: a proof of space by sequential labelling, without trusted
 * hardware, that every validator checks from public data.
 *
 * <p>A miner's declared idle space is cut into filler units ({@link cess.audit.model.idle.IdleParams#unitBytes()}).
 * Each unit is a sequence of 32-byte labels derived from the network, the miner's key and the
 * unit's index ({@link cess.audit.model.idle.FillerLabels}): each label hashes its predecessor and
 * a few pseudo-random earlier labels chosen, DRSample-style, at every distance scale, so that the
 * graph stays deep even after a cheater removes a good fraction of it. The miner commits a Merkle
 * root per unit ({@link cess.audit.model.idle.FillerCommitment}) and keeps an index beside it
 * ({@link cess.audit.model.idle.FillerIndex}) so that a path costs a few page reads; a challenge samples labels
 * ({@link cess.audit.model.idle.IdleSampler}) in rounds, each round's positions drawn from the
 * labels the previous round revealed; the answer ({@link cess.audit.model.idle.IdleProof}, built
 * by {@link cess.audit.model.idle.IdleProver} from a {@link cess.audit.model.idle.FillerStore})
 * opens each sampled label, its predecessor and its parents; the verifier
 * ({@link cess.audit.model.idle.IdleProofCheck}) checks the paths and recomputes the label.
 *
 * <p>What this proves is a statement about <em>time</em>: a miner that kept its filler answers in
 * milliseconds, one that did not must regenerate each sampled unit up to the sampled label. It is
 * sound only while that regeneration takes longer than the deadline; {@code bench/README.md}
 * ("Idle-space proofs") measures the margin and says which parameters keep it.
 *
 * <p>Which units count ({@link cess.audit.model.idle.FillerUnits}: stored fragments displace the
 * highest-numbered units) and their certification ({@link cess.audit.model.idle.FillerBatch}:
 * committed, then certified by a first passed challenge, or refused) are pure functions too.
 * Nothing here reads a clock or draws randomness: seeds come from the chain.
 */
package cess.audit.model.idle;
