package cess.consensus.boundary;

import cess.consensus.control.ChainReads;
import cess.shared.Hex;
import java.util.List;

/**
 * An entry of the head's state and its inclusion proof, enough for a client to check it against
 * the state root of a block it trusts: the leaf is {@code SHA-256(0x00 ‖ u32 len(key) ‖ key ‖
 * value)}, and each step, leaf to root, hashes {@code SHA-256(0x01 ‖ u8 bit ‖ left ‖ right)}, the
 * running hash on the side bit {@code bit} of {@code SHA-256(key)} names (0 left, 1 right).
 *
 * @param key   the entry's key as {@code kind:id}
 * @param keyHex   the key's canonical encoding
 * @param valueHex the value's canonical encoding; null when there is no such entry (and no steps)
 */
public record StateProofView(long height, String blockHash, String stateRoot, String key, String keyHex,
                             boolean present, String valueHex, List<Step> steps) {
    public record Step(int bit, String sibling) {
    }

    static StateProofView of(ChainReads.StateProof p) {
        List<Step> steps = p.proof().map(pr -> pr.steps().stream().map(s -> new Step(s.bit(), s.sibling().hex())).toList())
                .orElse(List.of());
        return new StateProofView(p.head().height(), p.head().hash().hex(), p.head().stateRoot().hex(), p.key().toString(),
                Hex.encode(p.key().encode()), p.value().isPresent(),
                p.value().map(v -> Hex.encode(v.encode())).orElse(null), steps);
    }
}
