package cess.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointStepTest {
    static final String URL = "http://10.0.0.2:8080";

    @Test
    void registersMovesWaitsForWhatIsPendingAndStopsWhenFinal() {
        assertEquals(EndpointStep.ABSENT, EndpointStep.of(Optional.empty(), Optional.empty(), URL));
        assertEquals(EndpointStep.MOVE, EndpointStep.of(Optional.of("http://127.0.0.1:8080"),
                Optional.of("http://127.0.0.1:8080"), URL));
        assertEquals(EndpointStep.WAIT, EndpointStep.of(Optional.of(URL), Optional.of("http://127.0.0.1:8080"), URL),
                "the update is pending: never sent twice");
        assertEquals(EndpointStep.WAIT, EndpointStep.of(Optional.of(URL), Optional.empty(), URL),
                "the registration is pending");
        assertEquals(EndpointStep.DONE, EndpointStep.of(Optional.of(URL), Optional.of(URL), URL));
        assertEquals(EndpointStep.MOVE, EndpointStep.of(Optional.of("http://old:1"), Optional.of(URL), URL),
                "a pending move away from the URL (someone else's transaction) is moved back");
    }
}
