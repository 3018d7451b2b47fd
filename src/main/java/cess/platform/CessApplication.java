package cess.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The node's JSON API, under {@code /api}. */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "CESS node API", version = "0.1.0",
        description = "Chain, accounts and transactions of a CESS-style storage network node."))
public class CessApplication extends Application {
}
