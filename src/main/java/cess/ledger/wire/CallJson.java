package cess.ledger.wire;

import cess.ledger.model.Call;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * One module's calls in JSON: {@code {"type":"…", fields…}}. Each module that takes calls from
 * clients declares one; the runtime's transaction JSON composes them. Implementations are
 * stateless.
 */
public interface CallJson {
    /**
     * The call of type {@code type} read from {@code c}, or empty if the type is not this module's.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    Optional<Call> read(String type, JsonObject c);

    /** Adds the fields of {@code call} to {@code b} and answers true, or answers false if the call is not this module's. */
    boolean write(Call call, JsonObjectBuilder b);
}
