package cess.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfTest {
    @Test
    void aTokenInTheQueryStringIsNoticedHoweverItIsSpelled() {
        assertTrue(Csrf.inQuery("csrf=abc"));
        assertTrue(Csrf.inQuery("a=1&csrf=abc"));
        assertTrue(Csrf.inQuery("CSRF=abc"));
        assertTrue(Csrf.inQuery("%63srf=abc"), "percent-encoded name");
        assertTrue(Csrf.inQuery("csrf"));
        assertTrue(Csrf.inQuery("%zz=1"), "undecodable: refused");
        assertFalse(Csrf.inQuery(null));
        assertFalse(Csrf.inQuery("csrfx=1&x=csrf"));
    }

    @Test
    void onlyFormEncodedBodiesMayCarryTheField() {
        assertTrue(Csrf.isForm("application/x-www-form-urlencoded"));
        assertTrue(Csrf.isForm("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assertFalse(Csrf.isForm("multipart/form-data; boundary=x"));
        assertFalse(Csrf.isForm("application/json"));
        assertFalse(Csrf.isForm(null));
    }
}
