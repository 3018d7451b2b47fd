package cess.ledger.model;

/**
 * Something a module did by itself in a block (a vote decided, the treasury paying), reported
 * with the block so that nodes can log it and keep views of it. Events are not part of the state
 * commitment: replaying the block yields them again. Implementations are immutable records.
 */
public interface ChainEvent {
}
