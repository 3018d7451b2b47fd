package cess.runtime.boundary;

import cess.ledger.wire.Jsons;
import cess.shared.Hex;
import cess.shared.Amount;
import cess.shared.Address;
import cess.ledger.model.Transaction;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.ChainStore;
import cess.consensus.control.TxRefusedException;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.runtime.wire.TransactionJson;
import cess.platform.ApiException;
import cess.platform.BoundedBody;
import cess.platform.NodeConfig;
import cess.platform.PathParams;
import cess.shared.Hash;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Submitting signed transactions and following them to finality. */
@Path("transactions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TransactionsResource {
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    ChainStore store;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a signed transaction; 202 with its hash once it is in the pool")
    public Response submit(InputStream body, @Context UriInfo uri) {
        JsonObject json = BoundedBody.jsonObject(body, config.maxBodyBytes());
        SignedTransaction stx;
        try {
            stx = TransactionJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_transaction", e.getMessage());
        }
        Hash hash;
        try {
            hash = chain.submit(stx, clock.millis());
        } catch (TxRefusedException e) {
            throw new ApiException(status(e.rejection().error()), e.rejection().error().code(), e.getMessage());
        }
        return Response.accepted(new TransactionView(hash.hex(), "pending", null, null, null, null,
                        stx.tx().sender().ss58(), stx.tx().nonce()))
                .location(uri.getAbsolutePathBuilder().path(hash.hex()).build()).build();
    }

    /** Most transactions in one batch. */
    static final int MAX_BATCH = 1000;

    /**
     * Many signed transactions in one request: a JSON array of what {@link #submit} takes, up
     * to {@value #MAX_BATCH}. The batch is read whole first: if any item is not a well-formed
     * transaction, the answer is 400 naming it and nothing is admitted. Then each is admitted in
     * order as if submitted alone (one sender's transactions can follow each other's nonces in
     * one batch); one refused (a used nonce, too little balance, a bad signature) changes
     * nothing for the others. The answer, 200 once the admitted ones are on the disk, gives each
     * item's fate in order: {@code pending} with its hash, or {@code refused} with the error
     * code and reason a single submission would have had.
     */
    @POST
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit up to 1000 signed transactions at once; each is admitted or refused on its own")
    public JsonObject submitBatch(InputStream body) {
        JsonArray items = BoundedBody.jsonArray(body, config.maxBatchBytes());
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiException.badRequest("invalid_batch", "a batch holds 1 to " + MAX_BATCH + " transactions, not "
                    + items.size());
        }
        List<SignedTransaction> txs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                if (items.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                txs.add(TransactionJson.fromJson(items.getJsonObject(i)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_transaction", "item " + i + ": " + e.getMessage());
            }
        }
        List<Optional<TxRejection>> fates = chain.submitAll(txs, clock.millis(), false);
        JsonArrayBuilder results = Jsons.createArrayBuilder();
        int accepted = 0;
        for (int i = 0; i < txs.size(); i++) {
            SignedTransaction stx = txs.get(i);
            JsonObjectBuilder r = Jsons.createObjectBuilder().add("hash", stx.hash().hex());
            Optional<TxRejection> why = fates.get(i);
            if (why.isEmpty()) {
                accepted++;
                r.add("status", "pending");
            } else {
                r.add("status", "refused").add("error", why.get().error().code()).add("reason", why.get().message());
            }
            results.add(r.add("sender", stx.tx().sender().ss58()).add("nonce", stx.tx().nonce()));
        }
        return Jsons.createObjectBuilder().add("accepted", accepted).add("refused", txs.size() - accepted)
                .add("results", results).build();
    }

    /**
     * What a client without the node's codec (the admin console in a browser) signs: the
     * canonical bytes of a transaction, computed here from its JSON. Nothing is stored; the client
     * signs the payload with its own key (which never reaches the node) and submits the
     * transaction with the signature to {@code POST /api/transactions}.
     */
    @POST
    @Path("signing-payload")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The bytes to sign for a transaction given as JSON (sender or publicKey, call, optional nonce and fee); stores nothing")
    public JsonObject signingPayload(InputStream body) {
        JsonObject json = BoundedBody.jsonObject(body, config.maxBodyBytes());
        Transaction tx;
        try {
            Address sender;
            if (json.containsKey("publicKey")) {
                byte[] key = Hex.decode(cess.ledger.wire.Json.string(json, "publicKey"));
                if (key.length != 32) {
                    throw new IllegalArgumentException("field 'publicKey': an Ed25519 public key has 32 bytes");
                }
                sender = Address.of(key);
            } else {
                sender = cess.ledger.wire.Json.address(json, "sender");
            }
            long nonce = json.containsKey("nonce") ? cess.ledger.wire.Json.nonNegativeLong(json, "nonce") : reads.nextNonce(sender);
            Amount fee = json.containsKey("fee") ? cess.ledger.wire.Json.amount(json, "fee") : reads.params().get(cess.ledger.model.FeeParams.class).minFee();
            tx = new Transaction(sender, nonce, fee, TransactionJson.call(cess.ledger.wire.Json.object(json, "call")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_transaction", e.getMessage());
        }
        return Jsons.createObjectBuilder().add("sender", tx.sender().ss58()).add("nonce", tx.nonce())
                .add("fee", tx.fee().toString()).add("call", TransactionJson.callJson(tx.call()))
                .add("payload", Hex.encode(tx.signingPayload(chain.genesisHash()))).build();
    }

    @GET
    @Path("{hash}")
    @Operation(summary = "A transaction's status: pending, included at a height, or rejected with the reason")
    public TransactionView status(@PathParam("hash") String hashText) {
        Hash hash = PathParams.parse(hashText, Hash::parse, "invalid_hash", "transaction hash");
        Optional<ChainStore.TxRecord> found = store.transaction(hash);
        if (found.isEmpty()) {
            // gossiped by a peer and not yet in a block: in the pool only
            SignedTransaction pooled = reads.pendingTransaction(hash)
                    .orElseThrow(() -> ApiException.notFound("no transaction " + hash.hex() + " is known to this node"));
            return new TransactionView(hash.hex(), "pending", null, null, null, null, pooled.tx().sender().ss58(),
                    pooled.tx().nonce());
        }
        ChainStore.TxRecord r = found.get();
        return new TransactionView(r.hash(), r.status(), r.height(), r.index(), r.errorCode(), r.reason(),
                r.transaction().tx().sender().ss58(), r.transaction().tx().nonce());
    }

    public static int status(TxError error) {
        return switch (error.category()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
        };
    }
}
