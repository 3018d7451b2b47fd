package cess.gateway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveContentTest {
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "TEXT/HTML; charset=utf-8", " text/html ;x=1", "application/xhtml+xml",
        "image/svg+xml", "Image/SVG+XML;charset=UTF-8", "text/xml", "application/xml", "application/rss+xml",
        "application/atom+xml", "video/vnd.example+xml", "text/javascript", "application/javascript",
        "application/x-javascript", "application/ecmascript", "text/ecmascript", "text/xsl", "application/pdf",
        "multipart/x-mixed-replace;boundary=x", "text/vtt", "application/x-shockwave-flash", "text/css",
        "text/markdown", "message/rfc822", "text/x-unknown", "text/plain, text/html", "text/html,text/plain", "",
        "html", "text/", "/html", "text/html/x", "text /html", "téxt/plain"})
    void activeOrUnknownTypesAreActive(String type) {
        assertTrue(ActiveContent.isActive(type), type);
        assertEquals("attachment", ActiveContent.disposition(type, null, false), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "Text/Plain; charset=UTF-8", "text/csv", "application/json",
        "application/octet-stream", "image/png", "IMAGE/JPEG", "image/gif", "image/webp", "image/avif",
        "audio/mpeg", "video/mp4", "font/woff2"})
    void passiveTypesMayBeInline(String type) {
        assertFalse(ActiveContent.isActive(type), type);
        assertNull(ActiveContent.disposition(type, null, false), "no header: the browser's default");
        assertEquals("inline", ActiveContent.disposition(type, "inline", false));
    }

    @Test
    void noTypeIsActive() {
        assertTrue(ActiveContent.isActive(null));
        assertNull(ActiveContent.essence(null));
    }

    @Test
    void essenceDropsParametersAndCase() {
        assertEquals("image/svg+xml", ActiveContent.essence(" Image/SVG+XML ; charset=\"utf-8\""));
        assertNull(ActiveContent.essence("text/plain, text/html"), "two types: a browser takes the last");
    }

    @Test
    void aRequestedInlineDispositionBecomesAnAttachmentKeepingItsFilename() {
        assertEquals("attachment; filename=\"invite.html\"",
                ActiveContent.disposition("text/html", "inline; filename=\"invite.html\"", false));
        assertEquals("attachment", ActiveContent.disposition("text/html", "inline", false));
        assertEquals("attachment;filename=a.svg", ActiveContent.disposition("image/svg+xml", "attachment;filename=a.svg", false));
    }

    @Test
    void onADataOriginApartFromTheConsoleTheRequestDecides() {
        assertNull(ActiveContent.disposition("text/html", null, true));
        assertEquals("inline", ActiveContent.disposition("text/html", "inline", true));
    }
}
