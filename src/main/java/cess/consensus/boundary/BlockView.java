package cess.consensus.boundary;

import cess.consensus.model.BlockHeader;
import cess.consensus.model.Commit;
import java.util.List;

/**
 * A block as the API shows it. Hashes are 0x-hex; times are Unix milliseconds. {@code reveal} is
 * the proposer's RANDAO reveal (all zeros for none); {@code lastCommitHash} and
 * {@code evidenceRoot} commit to the parent's commit and the evidence the block carries.
 */
public record BlockView(long height, String hash, String parentHash, long timestamp, String proposer, String txRoot,
                        String stateRoot, long epoch, String reveal, String lastCommitHash, String evidenceRoot,
                        int txCount, List<String> transactions, List<CommitSignatureView> commit) {

    /** One precommit signature of the block's commit. */
    public record CommitSignatureView(String validator, String signature) {
    }

    static BlockView of(BlockHeader h, int txCount, List<String> transactions, Commit commit) {
        return new BlockView(h.height(), h.hash().hex(), h.parent().hex(), h.timestampMillis(), h.proposer().ss58(),
                h.txRoot().hex(), h.stateRoot().hex(), h.epoch(), h.reveal().hex(), h.lastCommitHash().hex(),
                h.evidenceRoot().hex(), txCount, transactions,
                commit == null ? null : commit.signatures().stream()
                        .map(s -> new CommitSignatureView(s.validator().ss58(), s.signature().hex())).toList());
    }
}
