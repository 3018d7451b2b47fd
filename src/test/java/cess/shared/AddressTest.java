package cess.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTest {
    /** The account CESS's SDKs use in their examples: the root key of Substrate's dev phrase. */
    private static final String CESS_WELL_KNOWN = "cXgaee2N8E77JJv9gdsGAckv1Qsf3hqWYf7NL4q6ZuQzuAUtB";
    private static final String ITS_KEY = "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a";

    @Test
    void decodesARealCessAddress() {
        assertEquals(ITS_KEY, Hex.encode(Address.parse(CESS_WELL_KNOWN).bytes()));
    }

    @Test
    void encodesARealCessAddress() {
        assertEquals(CESS_WELL_KNOWN, Address.of(Hex.decode(ITS_KEY)).ss58());
    }

    @Test
    void everyAddressStartsWithCx() {
        for (int i = 0; i < 200; i++) {
            byte[] key = Hash.sha256(new byte[] {(byte) i}).bytes();
            String s = Address.of(key).ss58();
            assertTrue(s.startsWith("cX"), s);
            assertEquals(Address.of(key), Address.parse(s));
        }
    }

    @Test
    void refusesBadChecksum() {
        String s = CESS_WELL_KNOWN.substring(0, CESS_WELL_KNOWN.length() - 1) + "C";
        var e = assertThrows(IllegalArgumentException.class, () -> Address.parse(s));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void refusesAnotherNetwork() {
        // Substrate's generic format (prefix 42) of the same well-known account
        var e = assertThrows(IllegalArgumentException.class,
                () -> Address.parse("5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"));
        assertTrue(e.getMessage().contains("network 42, not CESS"), e.getMessage());
    }

    @Test
    void refusesNonBase58AndWrongLengthAndBlank() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Address.parse("cX0OIl"))
                .getMessage().contains("base58"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Address.parse("cXabc"))
                .getMessage().contains("malformed"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> Address.parse(null));
    }

    @Test
    void moduleAccountsAreDeterministic() {
        Address t = Address.ofModule("cess/trsy");
        assertEquals(t, Address.ofModule("cess/trsy"));
        assertEquals("modlcess/trsy", new String(t.bytes(), 0, 13, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
