package cess.security;

import cess.gateway.wire.S3Xml;
import cess.gateway.model.SigV4;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.web.filter.authc.AuthenticatingFilter;
import org.apache.shiro.web.util.WebUtils;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requires AWS Signature V4 on every S3 request, in the {@code Authorization} header or as a
 * presigned URL's query parameters. The canonical request is built from the request exactly as
 * received (raw path, raw query, the signed headers); {@link AccessKeyRealm} checks the
 * signature. Refusals are S3 XML errors: anonymous and expired requests get AccessDenied (403),
 * a wrong signature SignatureDoesNotMatch (403, with the string to sign the server computed so
 * that a client author can see the difference), malformed ones 400.
 */
public class S3AuthFilter extends AuthenticatingFilter {
    /** Request attribute: the verified claim, for the S3 API's payload checks. */
    public static final String CLAIM = "cess.s3.claim";
    /** Request attribute: the payload hash the body must match ({@link SigV4#payloadHash}). */
    public static final String PAYLOAD_HASH = "cess.s3.payload-hash";
    /** The setting naming the region requests must be signed for. */
    public static final String REGION_SETTING = "cess.s3.region";
    public static final String DEFAULT_REGION = "us-east-1";

    @Override
    protected boolean isAccessAllowed(ServletRequest request, ServletResponse response, Object mappedValue) {
        return false;
    }

    @Override
    protected AuthenticationToken createToken(ServletRequest request, ServletResponse response) {
        return token(WebUtils.toHttp(request), System.currentTimeMillis() / 1000);
    }

    @Override
    protected boolean onAccessDenied(ServletRequest request, ServletResponse response) throws IOException {
        HttpServletRequest http = WebUtils.toHttp(request);
        HttpServletResponse out = WebUtils.toHttp(response);
        boolean head = "HEAD".equals(http.getMethod());
        String resource = http.getRequestURI();
        SigV4Token token;
        try {
            token = token(http, System.currentTimeMillis() / 1000);
        } catch (SigV4.WrongRegionException e) {
            S3Xml.error(out, head, 400, e.code(), e.getMessage(), "Region", e.expected(), "Resource", resource);
            return false;
        } catch (SigV4.SigV4Exception e) {
            S3Xml.error(out, head, status(e.code()), e.code(),
                    e.getMessage(), "Resource", resource);
            return false;
        }
        try {
            getSubject(request, response).login(token);
        } catch (S3AuthenticationException e) {
            boolean mismatch = "SignatureDoesNotMatch".equals(e.code());
            S3Xml.error(out, head, e.status(), e.code(), e.getMessage(), "AWSAccessKeyId", token.claim().accessKey(),
                    "StringToSign", mismatch ? token.stringToSign() : null,
                    "CanonicalRequest", mismatch ? token.canonicalRequest() : null, "Resource", resource);
            return false;
        } catch (AuthenticationException e) {
            S3Xml.error(out, head, 403, "AccessDenied", String.valueOf(e.getMessage()), "Resource", resource);
            return false;
        }
        request.setAttribute(CLAIM, token.claim());
        request.setAttribute(PAYLOAD_HASH, token.payloadHash());
        return true;
    }

    private static int status(String code) {
        return switch (code) {
            case "AccessDenied", "RequestTimeTooSkewed", "SignatureDoesNotMatch", "InvalidAccessKeyId" -> 403;
            default -> 400;
        };
    }

    /** The region of {@value #REGION_SETTING} (default {@value #DEFAULT_REGION}). */
    public static String region() {
        return ConfigProvider.getConfig().getOptionalValue(REGION_SETTING, String.class).filter(r -> !r.isBlank())
                .orElse(DEFAULT_REGION);
    }

    static SigV4Token token(HttpServletRequest http, long nowSeconds) {
        return token(http, nowSeconds, region());
    }

    static SigV4Token token(HttpServletRequest http, long nowSeconds, String region) {
        String authorization = http.getHeader("Authorization");
        Map<String, String> query = SigV4.queryParameters(http.getQueryString());
        SigV4.Claim claim;
        if (authorization != null && authorization.startsWith(SigV4.ALGORITHM)) {
            claim = SigV4.parseAuthorization(authorization, http.getHeader("x-amz-date"));
        } else if (query.containsKey("X-Amz-Algorithm")) {
            if (authorization != null) {
                throw new SigV4.SigV4Exception("InvalidArgument", "use either the Authorization header or a presigned URL, not both");
            }
            claim = SigV4.parsePresigned(query);
        } else if (authorization != null && authorization.startsWith("AWS ")) {
            throw new SigV4.SigV4Exception("InvalidRequest", "Signature Version 2 is not supported: sign with "
                    + "Signature Version 4 (AWS4-HMAC-SHA256)");
        } else if (authorization != null) {
            throw new SigV4.SigV4Exception("AuthorizationHeaderMalformed", "unsupported Authorization scheme: use "
                    + SigV4.ALGORITHM);
        } else {
            throw new SigV4.SigV4Exception("AccessDenied", "anonymous requests are not allowed: sign them with an S3 "
                    + "access key (Signature Version 4)");
        }
        SigV4.PayloadHash payloadHash = SigV4.payloadHash(claim.presigned(), http.getHeader("x-amz-content-sha256"),
                claim.presigned() ? query.get("X-Amz-Content-Sha256") : null);
        SigV4.checkRegion(claim, region);
        SigV4.checkTime(claim, nowSeconds);
        TreeMap<String, String> headers = new TreeMap<>();
        for (String name : claim.signedHeaders()) {
            List<String> values = Collections.list(http.getHeaders(name));
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), SigV4.canonicalHeaderValue(values));
            }
        }
        String canonical = SigV4.canonicalRequest(http.getMethod(), SigV4.canonicalUri(http.getRequestURI()),
                SigV4.canonicalQuery(http.getQueryString()), headers, claim.signedHeaders(), payloadHash.signed());
        return new SigV4Token(claim, canonical, SigV4.stringToSign(claim.amzDate(), claim.scope(), canonical), payloadHash.verified());
    }
}
