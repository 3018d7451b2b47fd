package cess.console.boundary;

import cess.ledger.wire.Jsons;
import cess.consensus.control.ChainNode;
import cess.ledger.model.Call;
import cess.ledger.model.SignedTransaction;
import cess.consensus.control.TxRefusedException;
import cess.runtime.boundary.TransactionsResource;
import cess.runtime.wire.TransactionJson;
import cess.platform.ApiException;
import cess.platform.BoundedBody;
import cess.platform.NodeConfig;
import cess.security.AuditLog;
import cess.security.Csrf;
import cess.security.Reauthentication;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.subject.Subject;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What only the signed-in admin console uses: its session, and the node's operator key. */
@Path("console")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {
    @Inject
    ChainNode chain;
    @Inject
    NodeConfig config;
    @Inject
    Clock clock;
    @Context
    HttpServletRequest request;

    @GET
    @Path("session")
    @Operation(summary = "The console session: who is signed in, with which roles, the CSRF token, the node's operator account")
    public JsonObject session() {
        Subject s = SecurityUtils.getSubject();
        JsonArrayBuilder roles = Jsons.createArrayBuilder();
        for (String r : new String[] {"admin", "viewer"}) {
            if (s.isAuthenticated() && s.hasRole(r)) {
                roles.add(r);
            }
        }
        var out = Jsons.createObjectBuilder().add("authenticated", s.isAuthenticated()).add("csrf", Csrf.token(request))
                .add("roles", roles).add("operator", chain.nodeAccount().ss58()).add("chainId", chain.genesis().chainId());
        if (s.isAuthenticated()) {
            out.add("user", String.valueOf(s.getPrincipal()));
        }
        return out.build();
    }

    /**
     * Signs {@code {"call":{...},"password":"..."}} with the node's operator key (the node's own
     * account) and submits it: for an admin who has no key in the browser. Admin only
     * (shiro.ini), with CSRF, and with the admin's password again for each signature (wrong: 403,
     * nothing submitted; counted by the login throttle, 429 while it holds). Each signature is
     * written to the audit log.
     */
    @POST
    @Path("transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign a call with the node's operator key and submit it (admin)")
    public JsonObject submitAsOperator(InputStream body) {
        JsonObject json = BoundedBody.jsonObject(body, config.maxBodyBytes());
        if (!(json.get("password") instanceof JsonString password)) {
            throw ApiException.badRequest("missing_password", "signing with the node's operator key needs your password "
                    + "again: the field 'password' (a string)");
        }
        Call call;
        try {
            call = TransactionJson.call(cess.ledger.wire.Json.object(json, "call"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_transaction", e.getMessage());
        }
        Reauthentication.Result again = Reauthentication.check(request, password.getString());
        if (again.waitMillis() > 0) {
            throw new ApiException(429, "too_many_attempts", "too many wrong passwords: try again in "
                    + Math.max(1, (again.waitMillis() + 999) / 1000) + " s");
        }
        if (!again.confirmed()) {
            throw new ApiException(403, "wrong_password", "the password is not the signed-in user's: nothing was signed");
        }
        SignedTransaction stx;
        try {
            stx = chain.submitAs(config.nodeKey(), call, clock.millis());
        } catch (TxRefusedException e) {
            throw new ApiException(TransactionsResource.status(e.rejection().error()), e.rejection().error().code(),
                    e.getMessage());
        }
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("user", String.valueOf(SecurityUtils.getSubject().getPrincipal()));
        audit.put("address", request.getRemoteAddr());
        audit.put("call", json.getJsonObject("call").getString("type", null));
        audit.put("tx", stx.hash().hex());
        audit.put("nonce", Long.toString(stx.tx().nonce()));
        AuditLog.record("operator_signature", audit);
        return Jsons.createObjectBuilder().add("hash", stx.hash().hex()).add("sender", stx.tx().sender().ss58())
                .add("nonce", stx.tx().nonce()).add("status", "pending").build();
    }
}
