package cess.consensus.control;

import cess.consensus.model.BlockHeader;

/** CDI event fired after a block has been persisted and become the head. */
public record BlockFinalized(BlockHeader header, int txCount) {
}
