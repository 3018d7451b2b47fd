package cess.gateway.boundary;

import cess.ledger.wire.Jsons;
import cess.gateway.control.AccessKeys;
import cess.gateway.control.Gateway;
import cess.gateway.control.StorageException;
import cess.platform.ApiException;
import cess.security.Caller;
import cess.shared.Address;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * S3 access keys of the signing account on this gateway (every request signed with the
 * account's key, like the native API's writes). The secret is returned once, at creation.
 */
@Path("access-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccessKeysResource {
    @Inject
    AccessKeys keys;
    @Inject
    Gateway gateway;

    @POST
    @Operation(summary = "Create an S3 access key bound to the signing account; 201 with the secret, shown only now")
    public Response create() {
        Address account = signer();
        try {
            gateway.checkGranted(account);
            AccessKeys.Secret s = keys.create(account);
            return Response.status(201).entity(Jsons.createObjectBuilder()
                    .add("accessKeyId", s.accessKey())
                    .add("secretAccessKey", s.secret())
                    .add("account", account.ss58())
                    .build()).build();
        } catch (StorageException e) {
            throw StorageErrors.json(e);
        }
    }

    @GET
    @Operation(summary = "The signing account's S3 access keys on this gateway (never their secrets)")
    public JsonObject list() {
        Address account = signer();
        JsonArrayBuilder arr = Jsons.createArrayBuilder();
        for (AccessKeys.KeyInfo k : keys.list(account)) {
            arr.add(Jsons.createObjectBuilder().add("accessKeyId", k.accessKey()).add("createdMillis", k.createdMillis())
                    .add("fromConfig", k.fromConfig()));
        }
        return Jsons.createObjectBuilder().add("account", account.ss58()).add("keys", arr).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke one of the signing account's S3 access keys; 204")
    public Response revoke(@PathParam("id") String id) {
        Address account = signer();
        try {
            keys.revoke(account, id);
            return Response.noContent().build();
        } catch (StorageException e) {
            throw StorageErrors.json(e);
        }
    }

    private static Address signer() {
        return Caller.account().orElseThrow(() -> new ApiException(401, "unauthorized",
                "this request needs the headers Account, Message and Signature"));
    }
}
