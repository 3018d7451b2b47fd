package cess.consensus.boundary;

import cess.ledger.model.FeeParams;
import cess.ledger.model.Balances;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.ChainStore;
import cess.consensus.model.Genesis;
import cess.ledger.model.StateKey;
import cess.platform.ApiException;
import cess.platform.PathParams;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The chain: identity, head, blocks and proofs of state entries. */
@Path("chain")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChainResource {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    ChainStore store;

    @GET
    @Operation(summary = "The chain's identity and parameters (genesis hash, fees, block time)")
    public ChainView chain() {
        Genesis g = chain.genesis();
        return new ChainView(g.chainId(), chain.genesisHash().hex(), Address.CESS_PREFIX, Amount.DECIMALS,
                g.app().params().get(FeeParams.class).minFee().toString(),
                g.app().params().get(FeeParams.class).treasuryFeePercent(),
                Balances.TREASURY.ss58(),
                g.consensus().blockTimeMillis(), g.consensus().maxBlockTxs(), g.consensus().epochBlocks(),
                g.validators().stream().map(v -> v.account().ss58()).toList());
    }

    @GET
    @Path("head")
    @Operation(summary = "The latest final block's header")
    public BlockView head() {
        return view(reads.head().height());
    }

    @GET
    @Path("blocks/{height}")
    @Operation(summary = "A final block by height, with its transaction hashes and commit")
    public BlockView block(@PathParam("height") String height) {
        long h = PathParams.parse(height, Long::parseLong, "invalid_height", "block height");
        if (h < 0) {
            throw ApiException.badRequest("invalid_height", "block height must not be negative");
        }
        if (h > reads.head().height()) {
            throw ApiException.notFound("no block at height " + h + "; the head is at " + reads.head().height());
        }
        return view(h);
    }

    @GET
    @Path("state-proof")
    @Operation(summary = "An entry of the head's state (key kind:id, e.g. account:cX…) with its proof against the head's state root")
    public StateProofView stateProof(@QueryParam("key") String key) {
        StateKey k;
        try {
            k = StateKey.parse(key, chain.schema());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_key", e.getMessage());
        }
        return StateProofView.of(reads.prove(k));
    }

    private BlockView view(long height) {
        ChainStore.StoredBlock b = store.block(height)
                .orElseThrow(() -> ApiException.notFound("no block at height " + height));
        return BlockView.of(b.header(), b.txCount(), store.transactionsIn(height).stream().map(Hash::hex).toList(), b.commit());
    }
}
