package cess.consensus.model;

import cess.ledger.model.Schema;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.Optional;

/**
 * A proposal as it travels: the {@link Proposal}, its proposer's signature (so that any node can
 * relay it), and the proposed block's header and body (the commit comes later, from the
 * precommits). Whether the block is <em>valid</em> is for the receiver to find out by replaying
 * it; {@link #problem} checks only that the parts belong together.
 */
public record ProposalMessage(Proposal proposal, Signature signature, BlockHeader header, BlockBody body) {
    public ProposalMessage {
        if (proposal == null || signature == null || header == null || body == null) {
            throw new IllegalArgumentException("a proposal message needs every part");
        }
    }

    public static ProposalMessage sign(Proposal p, BlockHeader header, BlockBody body, KeyPair key, Hash genesis) {
        return new ProposalMessage(p, key.sign(p.signingPayload(genesis)), header, body);
    }

    /** What is wrong with this message as a whole, before any execution: signature, and parts that disagree. */
    public Optional<String> problem(Hash genesis) {
        if (!KeyPair.verify(proposal.proposer(), proposal.signingPayload(genesis), signature)) {
            return Optional.of("proposal not signed by its proposer " + proposal.proposer());
        }
        if (!header.hash().equals(proposal.value())) {
            return Optional.of("proposed block hash differs from the block carried");
        }
        if (header.height() != proposal.height()) {
            return Optional.of("proposal for height " + proposal.height() + " carries block " + header.height());
        }
        if (proposal.validRound() < 0 && !header.proposer().equals(proposal.proposer())) {
            // A block re-proposed from an earlier round (validRound >= 0) keeps its author.
            return Optional.of("block authored by " + header.proposer() + ", proposed by " + proposal.proposer());
        }
        return Optional.empty();
    }

    public byte[] encode() {
        Encoder e = new Encoder().bytes(proposal.encode()).signature(signature).bytes(header.encode());
        body.encode(e);
        return e.toBytes();
    }

    /** @throws IllegalArgumentException if the bytes are not exactly one proposal message */
    public static ProposalMessage decode(byte[] bytes, Schema schema) {
        Decoder d = new Decoder(bytes);
        Proposal p = Proposal.decode(d.bytes(1024));
        Signature s = d.signature();
        BlockHeader h = BlockHeader.decode(d.bytes(1024));
        BlockBody body = BlockBody.decode(d, schema);
        d.end();
        return new ProposalMessage(p, s, h, body);
    }
}
