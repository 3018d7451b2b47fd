package cess.gateway.model;

import java.util.Locale;
import java.util.Set;

/**
 * Which object types a browser may show inline, and the {@code Content-Disposition} an object
 * response gets. Objects are anyone's bytes: a type a browser would run or render as a document
 * (HTML, XHTML, SVG, any XML, JavaScript, PDF, multipart, an unknown or malformed type...) must
 * not open as a page on the node's origin, where the admin console's session lives. The rule is
 * an allow-list: only the passive types below (plain text, JSON, raster images, audio, video,
 * fonts, octet streams) may be inline; everything else is an attachment — unless the objects
 * are served on an origin apart from the console's, where inline is the requester's choice.
 *
 * <p>Types are compared by their essence ({@code type/subtype}), case-insensitively, ignoring
 * parameters ({@code ;charset=...}); a value with several types ({@code a/b, c/d}, which a
 * browser reads as its last one) or that is not {@code type/subtype} counts as active.
 * Stateless and thread-safe.
 */
public final class ActiveContent {
    private static final Set<String> PASSIVE = Set.of(
            "text/plain", "text/csv", "application/json", "application/octet-stream",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon",
            "image/vnd.microsoft.icon");
    private static final Set<String> PASSIVE_FAMILIES = Set.of("audio", "video", "font");

    private ActiveContent() {
    }

    /**
     * The lower-case {@code type/subtype} of a Content-Type value, or {@code null} if there is
     * none or it is not a single well-formed media type.
     */
    public static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String t = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0 || !token(t.substring(0, slash))
                || !token(t.substring(slash + 1)) || contentType.indexOf(',') >= 0) {
            return null;
        }
        return t;
    }

    /** Whether a browser might run or render {@code contentType} as active content (see the class comment). */
    public static boolean isActive(String contentType) {
        String e = essence(contentType);
        if (e == null) {
            return true;
        }
        String sub = e.substring(e.indexOf('/') + 1);
        if (sub.contains("xml") || sub.contains("html") || sub.contains("script") || sub.contains("+")) {
            return true; // e.g. video/vnd.foo+xml: an XML document whatever its family
        }
        return !(PASSIVE.contains(e) || PASSIVE_FAMILIES.contains(e.substring(0, e.indexOf('/'))));
    }

    /**
     * The Content-Disposition to send with an object of {@code contentType}.
     *
     * @param requested      the disposition the object or the request asked for (S3's
     *                       {@code response-content-disposition}), or {@code null}
     * @param separateOrigin whether this response is served on an origin apart from the console's
     * @return {@code requested} (possibly {@code null}: no header) when the type is passive or the
     *         origin is separate; otherwise {@code attachment}, keeping the parameters (a
     *         {@code filename}) of {@code requested}
     */
    public static String disposition(String contentType, String requested, boolean separateOrigin) {
        if (separateOrigin || !isActive(contentType)) {
            return requested;
        }
        int semicolon = requested == null ? -1 : requested.indexOf(';');
        return semicolon < 0 ? "attachment" : "attachment" + requested.substring(semicolon);
    }

    /** An RFC 9110 token: the characters a type or subtype may have. */
    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
