package cess.gateway.wire;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The S3 API's XML: a small writer for responses and errors, and a hardened reader for request
 * bodies (no DTDs, no external entities, bounded size). Used by the S3 API and by the security
 * filters in front of it, which answer its clients in its own error format. Stateless; a writer
 * instance is for one thread.
 */
public final class S3Xml {
    public static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final XMLInputFactory INPUT = hardened();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder sb = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    private static XMLInputFactory hardened() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    /** Opens the document's root element, in S3's namespace. */
    public static S3Xml document(String root) {
        S3Xml x = new S3Xml();
        x.sb.append('<').append(root).append(" xmlns=\"").append(NS).append("\">");
        return x;
    }

    public S3Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    public S3Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    public S3Xml element(String name, Object value) {
        sb.append('<').append(name).append('>');
        escape(String.valueOf(value));
        sb.append("</").append(name).append('>');
        return this;
    }

    public S3Xml elementIf(boolean condition, String name, Object value) {
        return condition ? element(name, value) : this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /** The finished document, closing {@code root}. */
    public byte[] finish(String root) {
        close(root);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends an XML document with {@code status}. */
    public static void send(HttpServletResponse response, int status, byte[] xml) throws IOException {
        response.setStatus(status);
        response.setContentType("application/xml");
        response.setContentLength(xml.length);
        response.getOutputStream().write(xml);
    }

    /**
     * Sends an S3 error: {@code <Error><Code>…</Code><Message>…</Message>…</Error>}; extra
     * name/value pairs (the resource, the string to sign) are added in order. HEAD responses
     * carry no body, only the status.
     */
    public static void error(HttpServletResponse response, boolean head, int status, String code, String message,
                             String... extra) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
        response.setHeader("x-amz-request-id", requestId);
        if (head) {
            response.setStatus(status);
            response.setHeader("x-cess-error", code);
            return;
        }
        send(response, status, errorDocument(code, message, "RequestId", requestId, extra));
    }

    /** An {@code <Error>} document: code, message, then the name/value pairs given (null values left out). */
    public static byte[] errorDocument(String code, String message, String... extra) {
        return errorDocument(code, message, null, null, extra);
    }

    private static byte[] errorDocument(String code, String message, String lastName, String lastValue, String... extra) {
        S3Xml x = new S3Xml();
        x.open("Error").element("Code", code).element("Message", message);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            if (extra[i + 1] != null) {
                x.element(extra[i], extra[i + 1]);
            }
        }
        if (lastName != null) {
            x.element(lastName, lastValue);
        }
        return x.finish("Error");
    }

    /** A document without its XML declaration: what follows a declaration already sent. */
    public static byte[] withoutProlog(byte[] xml) {
        String text = new String(xml, StandardCharsets.UTF_8);
        return text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
    }

    /** S3's timestamp form, {@code 2026-11-24T21:45:18.000Z}. */
    public static String iso(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    /** An ETag as S3 sends it: in double quotes. */
    public static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    // ---------------------------------------------------------------- reading

    /** An element of a request body: its name, text and children. */
    public record Node(String name, String text, List<Node> children) {
        public Optional<Node> child(String n) {
            return children.stream().filter(c -> c.name.equals(n)).findFirst();
        }

        public List<Node> all(String n) {
            return children.stream().filter(c -> c.name.equals(n)).toList();
        }

        public Optional<String> text(String n) {
            return child(n).map(Node::text);
        }
    }

    /** Parses a request body; the root element must be {@code root}. */
    public static Node parse(InputStream in, String root) {
        try {
            XMLStreamReader r = INPUT.createXMLStreamReader(in);
            try {
                while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                    // skip the prolog
                }
                if (!r.isStartElement() || !r.getLocalName().equals(root)) {
                    throw new IllegalArgumentException("the request body must be a <" + root + "> document");
                }
                return element(r, 0);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the request body is not well-formed XML: " + e.getMessage());
        }
    }

    private static Node element(XMLStreamReader r, int depth) throws XMLStreamException {
        if (depth > 16) {
            throw new IllegalArgumentException("the request body nests too deeply");
        }
        String name = r.getLocalName();
        StringBuilder text = new StringBuilder();
        List<Node> children = new ArrayList<>();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                children.add(element(r, depth + 1));
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new IllegalArgumentException("the request body may not use entity references");
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        // Leaf text is kept exactly (object keys may begin or end with spaces).
        return new Node(name, children.isEmpty() ? text.toString() : text.toString().trim(), children);
    }
}
