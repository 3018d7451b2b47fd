package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.KeyPair;
import cess.shared.Signature;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedRequestTest {
    static final String NONCE = "00112233445566778899aabbccddeeff";
    static final KeyPair ALICE = KeyPair.dev("//Alice");

    @Test
    void theCanonicalRequestIsKnown() {
        assertEquals("CESS-REQUEST-V2\nPUT\n127.0.0.1:8080\n/api/files\nbucket=docs&name=hello.txt\n"
                        + SignedRequest.EMPTY_BODY_SHA256 + "\n1700000300\n" + NONCE,
                SignedRequest.canonical("PUT", "127.0.0.1:8080", "/api/files", "name=hello.txt&bucket=docs",
                        SignedRequest.EMPTY_BODY_SHA256, 1700000300, NONCE));
    }

    @Test
    void theQueryIsDecodedReEncodedAndSortedAsSigV4Does() {
        assertEquals("a=1&a=2&b=&name=caf%C3%A9%20x&x%2Fy=%2B",
                SignedRequest.canonicalQuery("name=caf%c3%a9%20x&b&a=2&x/y=+&a=1", null));
        assertEquals("", SignedRequest.canonicalQuery(null, null));
        assertEquals("", SignedRequest.canonicalQuery("&&", null));
        assertEquals("cess-account=cX1&cess-expires=5",
                SignedRequest.canonicalQuery("cess-expires=5&cess-signature=ab&cess-account=cX1", "cess-signature"));
        // A header signature covers every parameter: none can be added unseen.
        assertEquals("X-Amz-Signature=1&cess-signature=2",
                SignedRequest.canonicalQuery("cess-signature=2&X-Amz-Signature=1", null));
    }

    @Test
    void theHostIsLowerCaseWithoutADefaultPort() {
        assertEquals("node.example", SignedRequest.canonicalHost("Node.Example:443"));
        assertEquals("node.example", SignedRequest.canonicalHost("node.example:80"));
        assertEquals("node.example:8080", SignedRequest.canonicalHost(" node.example:8080 "));
        assertEquals("", SignedRequest.canonicalHost(null));
    }

    @Test
    void everyPartOfTheRequestChangesTheStringSigned() {
        String base = SignedRequest.canonical("PUT", "h", "/api/files", "name=a", SignedRequest.EMPTY_BODY_SHA256, 10, NONCE);
        String otherBody = "a".repeat(64);
        for (String other : new String[] {
            SignedRequest.canonical("POST", "h", "/api/files", "name=a", SignedRequest.EMPTY_BODY_SHA256, 10, NONCE),
            SignedRequest.canonical("PUT", "g", "/api/files", "name=a", SignedRequest.EMPTY_BODY_SHA256, 10, NONCE),
            SignedRequest.canonical("PUT", "h", "/api/files/x", "name=a", SignedRequest.EMPTY_BODY_SHA256, 10, NONCE),
            SignedRequest.canonical("PUT", "h", "/api/files", "name=b", SignedRequest.EMPTY_BODY_SHA256, 10, NONCE),
            SignedRequest.canonical("PUT", "h", "/api/files", "name=a", otherBody, 10, NONCE),
            SignedRequest.canonical("PUT", "h", "/api/files", "name=a", SignedRequest.EMPTY_BODY_SHA256, 11, NONCE),
            SignedRequest.canonical("PUT", "h", "/api/files", "name=a", SignedRequest.EMPTY_BODY_SHA256, 10, "ff" + NONCE),
            SignedRequest.presignedCanonical("PUT", "h", "/api/files", "name=a", 10)}) {
            assertNotEquals(base, other);
        }
    }

    @Test
    void claimsAreBounded() {
        long now = 1_000_000;
        String sha = "ab".repeat(32);
        assertEquals(Optional.empty(), SignedRequest.claimProblem(new SignedRequest.Claim("1000300", NONCE, sha), now));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1000000", NONCE, sha), now).get().contains("expired"));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1003601", NONCE, sha), now).get().contains("future"));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("soon", NONCE, sha), now).get().contains("Unix"));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1000300", "0011", sha), now).get().contains("Nonce"));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1000300", NONCE.toUpperCase(), sha), now).isPresent());
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1000300", NONCE, "abc"), now).get()
                .contains("Body-SHA256"));
        // An unsigned body only with an expiry at most five minutes ahead.
        assertEquals(Optional.empty(), SignedRequest.claimProblem(
                new SignedRequest.Claim("1000300", NONCE, SignedRequest.UNSIGNED_BODY), now));
        assertTrue(SignedRequest.claimProblem(new SignedRequest.Claim("1000301", NONCE, SignedRequest.UNSIGNED_BODY), now)
                .get().contains("300"));
        assertEquals(Optional.empty(), SignedRequest.presignedProblem(Long.toString(now + 7 * 86400), now));
        assertTrue(SignedRequest.presignedProblem(Long.toString(now + 7 * 86400 + 1), now).isPresent());
    }

    @Test
    void clientHeadersVerifyOverTheCanonicalRequest() {
        String[] h = SignedRequest.headers(ALICE, "PUT", "localhost:8080", "/api/files?name=a&public=true",
                SignedRequest.EMPTY_BODY_SHA256, 500, NONCE);
        assertEquals(java.util.List.of("Account", "Expires", "Nonce", "Body-SHA256", "Signature"),
                java.util.List.of(h[0], h[2], h[4], h[6], h[8]));
        assertEquals(ALICE.address().ss58(), h[1]);
        String canonical = SignedRequest.canonical("PUT", "localhost:8080", "/api/files", "public=true&name=a",
                SignedRequest.EMPTY_BODY_SHA256, 500, NONCE);
        assertTrue(KeyPair.verify(ALICE.address(), SignedRequest.bytes(canonical), Signature.parse(h[9])));
        assertFalse(KeyPair.verify(ALICE.address(), SignedRequest.bytes(canonical.replace("name=a", "name=b")),
                Signature.parse(h[9])));
    }

    @Test
    void aPresignedLinkSignsItsOwnQuery() {
        String link = SignedRequest.presign(ALICE, "localhost:8080", "/api/files/0xab", 900);
        assertTrue(link.startsWith("/api/files/0xab?cess-account=" + ALICE.address().ss58() + "&cess-expires=900&cess-signature="),
                link);
        String sig = link.substring(link.indexOf("cess-signature=") + 15);
        String query = link.substring(link.indexOf('?') + 1);
        String canonical = SignedRequest.presignedCanonical("GET", "localhost:8080", "/api/files/0xab", query, 900);
        assertEquals("CESS-PRESIGNED-V1\nGET\nlocalhost:8080\n/api/files/0xab\ncess-account=" + ALICE.address().ss58()
                + "&cess-expires=900\nUNSIGNED-PAYLOAD\n900\n", canonical);
        assertTrue(KeyPair.verify(ALICE.address(), SignedRequest.bytes(canonical), Signature.parse(sig)));
    }
}
