package cess.security;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.shiro.mgt.SessionStorageEvaluator;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.util.WebUtils;

/**
 * Only the admin console keeps who is signed in in its session: a login anywhere else (an S3
 * request's Signature V4, a native request signature, the admin API's HTTP Basic) holds for that
 * request alone and never writes into a session. Without this, a browser that sends its console
 * cookie along with, say, a presigned S3 link would have its console session turned into the S3
 * account's. Stateless, thread-safe.
 */
public class ConsoleSessionStorage implements SessionStorageEvaluator {
    @Override
    public boolean isSessionStorageEnabled(Subject subject) {
        if (!WebUtils.isHttp(subject)) {
            return false;
        }
        HttpServletRequest request = WebUtils.getHttpRequest(subject);
        String path = WebUtils.getPathWithinApplication(request);
        return path.equals("/console") || path.startsWith("/console/") || path.startsWith("/api/console/");
    }
}
