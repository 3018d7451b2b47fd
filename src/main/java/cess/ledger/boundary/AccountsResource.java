package cess.ledger.boundary;

import cess.consensus.control.ChainReads;
import cess.ledger.model.Account;
import cess.platform.PathParams;
import cess.shared.Address;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Account balances and nonces. */
@Path("accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {
    @Inject
    ChainReads reads;

    @GET
    @Path("{address}")
    @Operation(summary = "An account's free balance and nonce at the head (an unknown account has zero)")
    public AccountView account(@PathParam("address") String address) {
        Address a = PathParams.parse(address, Address::parse, "invalid_address", "account address");
        Account acc = reads.account(a);
        return new AccountView(a.ss58(), acc.free().toString(), acc.free().toCess(), acc.nonce(), reads.nextNonce(a));
    }
}
