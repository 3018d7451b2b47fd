package cess.platform;

import java.util.function.Function;

/** Parses a path parameter with a model parser, turning its refusal into a 400 that names it. */
public final class PathParams {
    private PathParams() {
    }

    /**
     * @param parser throws {@link IllegalArgumentException} (or {@link NumberFormatException}) on bad text
     * @throws ApiException 400 with {@code code} and "{@code what}: reason"
     */
    public static <T> T parse(String text, Function<String, T> parser, String code, String what) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            String reason = e instanceof NumberFormatException ? "not a whole number: '" + text + "'" : e.getMessage();
            throw ApiException.badRequest(code, what + ": " + reason);
        }
    }

    /**
     * A listing's {@code ?limit=}: absent or empty means {@code defaultLimit}, otherwise a whole
     * number 1..{@code max}.
     *
     * @throws ApiException 400 {@code invalid_limit} naming the allowed range
     */
    public static int limit(String text, int defaultLimit, int max) {
        if (text == null || text.isEmpty()) {
            return defaultLimit;
        }
        long n = parse(text, Long::parseLong, "invalid_limit", "limit");
        if (n < 1 || n > max) {
            throw ApiException.badRequest("invalid_limit", "limit must be 1.." + max + ", not " + n);
        }
        return (int) n;
    }
}
