package cess.gateway.boundary;

import cess.gateway.model.MultipartForm;
import cess.platform.ApiException;
import cess.storage.model.ObjectAcl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What to store: names from the query (or the form's fields), the content and its length if known. */
record FileUpload(String name, String bucket, String territory, String publicText, String contentType,
                  long length, InputStream content) {
    /** Longest text field a form may carry. */
    static final int MAX_FIELD = 1024;

    /**
     * Reads the form's text fields ({@code name}, {@code bucket}, {@code territory}, {@code public}; the query
     * wins where both are given) up to its file part, which must come last; the file part is
     * the first with a file name, or the one named {@code file}. Its content streams.
     */
    static FileUpload fromForm(String contentType, InputStream body, String name, String bucket, String territory,
                               String publicText) throws IOException {
        MultipartForm form;
        try {
            form = MultipartForm.of(contentType, body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(MultipartForm.MALFORMED, e.getMessage());
        }
        Map<String, String> fields = new HashMap<>();
        for (Optional<MultipartForm.Part> p = form.next(); p.isPresent(); p = form.next()) {
            MultipartForm.Part part = p.get();
            if (part.filename().isPresent() || part.name().equals("file")) {
                return new FileUpload(first(name, fields.get("name"), part.filename().orElse(null)),
                        first(bucket, fields.get("bucket")), first(territory, fields.get("territory")),
                        first(publicText, fields.get("public")), part.contentType().orElse(null), -1,
                        toTheEnd(form.finalContent(), body));
            }
            if (!Set.of("name", "bucket", "territory", "public").contains(part.name())) {
                throw ApiException.badRequest("unknown_field", "form field '" + part.name()
                        + "' is not one of file, name, bucket, territory, public");
            }
            byte[] value = part.content().readNBytes(MAX_FIELD + 1);
            if (value.length > MAX_FIELD) {
                throw ApiException.badRequest("field_too_long", "form field '" + part.name() + "' exceeds "
                        + MAX_FIELD + " bytes");
            }
            fields.put(part.name(), new String(value, StandardCharsets.UTF_8));
        }
        throw ApiException.badRequest("missing_file", "the multipart/form-data body has no file part "
                + "(a part with a filename, or named 'file')");
    }

    /** {@code public=true} makes the object readable by anyone; absent or {@code false}: private. */
    ObjectAcl acl() {
        if (publicText == null || publicText.isEmpty() || publicText.equals("false")) {
            return ObjectAcl.PRIVATE;
        }
        if (publicText.equals("true")) {
            return ObjectAcl.PUBLIC_READ;
        }
        throw ApiException.badRequest("invalid_public", "'public' must be true or false, not '" + publicText + "'");
    }

    /**
     * The file part's content, which at its end also reads the rest of the raw body (the form's
     * epilogue, at most {@link #MAX_FIELD} bytes), so that a body whose signed hash is checked
     * as it streams is checked before the upload commits.
     */
    private static InputStream toTheEnd(InputStream part, InputStream raw) {
        return new java.io.FilterInputStream(part) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0 && raw.readNBytes(MAX_FIELD + 1).length > MAX_FIELD) {
                    throw ApiException.badRequest(MultipartForm.MALFORMED, "more than " + MAX_FIELD
                            + " bytes follow the form's closing delimiter");
                }
                return n;
            }
        };
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                return c;
            }
        }
        return null;
    }
}
