package cess.platform.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormFieldsTest {
    @Test
    void fieldsDecodeAsUtf8InOrderWithRepeatsAndEmptyValues() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        FormFields.parse("a=1&b=caf%C3%A9+au+lait&a=2&flag&&c=", m);
        assertEquals(List.of("1", "2"), m.get("a"));
        assertEquals(List.of("café au lait"), m.get("b"));
        assertEquals(List.of(""), m.get("flag"));
        assertEquals(List.of(""), m.get("c"));
        assertEquals(List.of("a", "b", "flag", "c"), List.copyOf(m.keySet()));
        FormFields.parse(null, m);
        FormFields.parse("", m);
        assertEquals(4, m.size());
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FormFields.parse("a=%G1", new LinkedHashMap<>()));
        assertTrue(FormFields.MAX_BYTES >= 4096);
    }
}
