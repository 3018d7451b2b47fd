package cess.storage.model;

import cess.shared.Address;
import cess.shared.Hash;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What names the storage layer accepts. Each check returns the problem in words, or empty when
 * the name is fine, so that the chain rule and the APIs refuse the same things the same way.
 */
public final class Names {
    public static final int MAX_NAME = 63;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_ENDPOINT = 256;
    public static final int MAX_META_BYTES = 2048;
    /** Path segments of the node's own that a path-style S3 bucket would shadow. */
    public static final Set<String> RESERVED_BUCKETS = Set.of("api", "console", "health", "metrics", "openapi");

    /** Prefixes S3 reserves (punycode, access points, S3 Console demos); {@code sthree-configurator} is one of them. */
    public static final List<String> AWS_RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    /** Suffixes S3 reserves (access point aliases, Object Lambda, Multi-Region Access Points, directory and table buckets). */
    public static final List<String> AWS_RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private Names() {
    }

    /**
     * The bucket the native API stores into when none is named: {@code files-} and 16 hex digits
     * of the SHA-256 of the owner's public key, the owner's own since bucket names are global.
     */
    public static String defaultBucket(Address owner) {
        return "files-" + HexFormat.of().formatHex(Hash.sha256(owner.bytes()).bytes(), 0, 8);
    }

    /** Whether {@code name} has the form of a default bucket ({@link #defaultBucket}), which only its account may create. */
    public static boolean isDefaultBucketForm(String name) {
        return name != null && name.matches("files-[0-9a-f]{16}");
    }

    /** S3's bucket naming rules (with the names S3 reserves), minus the names the node itself serves under. */
    public static Optional<String> bucketProblem(String name) {
        if (name == null || name.length() < 3 || name.length() > MAX_NAME) {
            return Optional.of("bucket name must be 3 to 63 characters long");
        }
        if (!name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
            return Optional.of("bucket name may hold only a-z, 0-9, '.' and '-', and must start and end with a letter or digit");
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return Optional.of("bucket name must not contain '..', '.-' or '-.'");
        }
        if (name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            return Optional.of("bucket name must not look like an IP address");
        }
        for (String prefix : AWS_RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of("bucket name must not start with '" + prefix + "' (reserved by S3)");
            }
        }
        for (String suffix : AWS_RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of("bucket name must not end with '" + suffix + "' (reserved by S3)");
            }
        }
        if (RESERVED_BUCKETS.contains(name)) {
            return Optional.of("bucket name '" + name + "' is reserved: the node serves its own paths there "
                    + RESERVED_BUCKETS.stream().sorted().toList());
        }
        return Optional.empty();
    }

    public static Optional<String> territoryProblem(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            return Optional.of("territory name must be 1 to 32 of a-z, 0-9 and '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * Object keys: 1 to 1024 bytes of UTF-8 without control characters, not starting with '/',
     * and without '.' or '..' path segments, so that no key can be mistaken for a path elsewhere.
     */
    public static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of("object key must be at most 1024 bytes of UTF-8");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("object key must not contain control characters");
            }
            if (Character.isSurrogate(c) && (Character.isHighSurrogate(c)
                    ? i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))
                    : i == 0 || !Character.isHighSurrogate(key.charAt(i - 1)))) {
                return Optional.of("object key is not valid UTF-16 text");
            }
        }
        if (key.startsWith("/")) {
            return Optional.of("object key must not start with '/'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("object key must not contain '.' or '..' path segments");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> endpointProblem(String endpoint) {
        if (endpoint == null || endpoint.length() > MAX_ENDPOINT || !endpoint.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+(/[\\x21-\\x7e]*)?")) {
            return Optional.of("endpoint must be an http(s) URL of at most 256 characters");
        }
        return Optional.empty();
    }
}
