package cess.gateway.boundary;

import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code PUT /api} is where an S3 client creating a bucket named "api" lands: the JSON API
 * owns that path, so the answer is S3's own refusal, as XML, rather than a puzzling 404.
 */
@Path("")
public class ReservedBucketResource {
    @PUT
    @Operation(hidden = true)
    public Response createBucketNamedApi() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidBucketName</Code><Message>The "
                + "specified bucket is not valid: 'api' is reserved for the node's own paths (so are console, health, "
                + "metrics and openapi)</Message><Resource>/api</Resource></Error>";
        return Response.status(400).type("application/xml").entity(xml.getBytes(StandardCharsets.UTF_8)).build();
    }
}
