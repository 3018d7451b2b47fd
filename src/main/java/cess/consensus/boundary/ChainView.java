package cess.consensus.boundary;

import java.util.List;

/** The chain's identity and parameters: what a client needs to sign transactions for it. */
public record ChainView(String chainId, String genesisHash, int ss58Prefix, int decimals, String minFee,
                        int treasuryFeePercent, String treasury, long blockTimeMillis, int maxBlockTxs,
                        long epochBlocks, List<String> validators) {
}
