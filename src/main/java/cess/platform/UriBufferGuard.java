package cess.platform;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Guards against a bug in the Grizzly that Payara Micro 6 bundles: its URI normaliser appends a
 * '/' to a path ending in {@code /.} or {@code /..} one byte past the decoded URI, in a buffer
 * ({@code RequestURIRef.preallocatedDecodedURIBuffer}) allocated to the URI's exact length
 * whenever the URI is the longest that pooled request object has seen. The write throws
 * {@code ArrayIndexOutOfBoundsException} before any application code runs, the container logs it
 * as SEVERE and answers an empty 200. This listener adds a probe to each network listener's HTTP
 * server filter that, as each request (HTTP/1.1 or HTTP/2) is received and before it is handed to
 * the container, gives that buffer one byte of room, so
 * the normaliser works and the request reaches the application's own refusal (S3's
 * {@code InvalidURI}, see {@code cess.security.RequestUriFilter}).
 *
 * <p>Grizzly's types are reached by reflection (the WAR does not compile against Payara's
 * internals); if any is missing (another server or version), the guard logs a warning and does
 * nothing. The probe is stateless and runs on the container's I/O threads.
 */
@WebListener
public class UriBufferGuard implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(UriBufferGuard.class.getName());
    private final List<Object[]> installed = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            ClassLoader loader = UriBufferGuard.class.getClassLoader();
            Class<?> probeType = Class.forName("org.glassfish.grizzly.http.server.HttpServerProbe", false, loader);
            Class<?> filterType = Class.forName("org.glassfish.grizzly.http.server.HttpServerFilter", false, loader);
            Class<?> requestType = Class.forName("org.glassfish.grizzly.http.server.Request", false, loader);
            Method packet = requestType.getMethod("getRequest");
            Class<?> refType = Class.forName("org.glassfish.grizzly.http.util.RequestURIRef", false, loader);
            Field buffer = refType.getDeclaredField("preallocatedDecodedURIBuffer");
            buffer.setAccessible(true);
            Method uriRef = Class.forName("org.glassfish.grizzly.http.HttpRequestPacket", false, loader)
                    .getMethod("getRequestURIRef");
            Method rawUri = refType.getMethod("getRequestURIBC");
            Class<?> chunkType = Class.forName("org.glassfish.grizzly.http.util.DataChunk", false, loader);
            Method length = chunkType.getMethod("getLength");
            // HTTP/2 requests carry the URI as chars, decoded into the char buffer of decodedRequestURIDC.
            Field decoded = refType.getDeclaredField("decodedRequestURIDC");
            decoded.setAccessible(true);
            Method chars = chunkType.getMethod("getCharChunk");
            Method ensure = Class.forName("org.glassfish.grizzly.http.util.CharChunk", false, loader)
                    .getMethod("ensureCapacity", int.class);
            Object probe = Proxy.newProxyInstance(probeType.getClassLoader(), new Class<?>[] {probeType},
                    handler(new Handles(requestType, packet, uriRef, rawUri, length, buffer, decoded, chars, ensure)));
            Object probes = Array.newInstance(probeType, 1);
            Array.set(probes, 0, probe);
            for (Object filter : httpFilters(loader, filterType)) {
                Object config = filter.getClass().getMethod("getMonitoringConfig").invoke(filter);
                Method add = config.getClass().getMethod("addProbes", Object[].class);
                add.invoke(config, probes);
                installed.add(new Object[] {config, probes});
            }
            if (installed.isEmpty()) {
                LOG.warning("found no Grizzly HTTP listener to guard against its URI normaliser bug");
            } else {
                LOG.info("guarding " + installed.size() + " Grizzly HTTP filter(s) against its URI normaliser bug");
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "cannot guard against Grizzly's URI normaliser bug (a path ending in '/.' may "
                    + "be answered with an empty 200): " + e, e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        for (Object[] p : installed) {
            try {
                p[0].getClass().getMethod("removeProbes", Object[].class).invoke(p[0], p[1]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "could not remove the URI buffer probe", e);
            }
        }
        installed.clear();
    }

    /** The HTTP server filters of every network listener of the running Payara. */
    private static List<Object> httpFilters(ClassLoader loader, Class<?> filterType) throws ReflectiveOperationException {
        Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", false, loader);
        Object locator = globals.getMethod("getDefaultHabitat").invoke(null);
        Class<?> serviceType = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", false, loader);
        Object service = locator.getClass().getMethod("getService", Class.class, Annotation[].class)
                .invoke(locator, serviceType, new Annotation[0]);
        Field proxiesField = serviceType.getDeclaredField("proxies");
        proxiesField.setAccessible(true);
        List<Object> out = new ArrayList<>();
        for (Object proxy : new ArrayList<>((Collection<?>) proxiesField.get(service))) {
            Object listener = proxy.getClass().getMethod("getUnderlyingListener").invoke(proxy);
            if (listener == null) {
                continue;
            }
            Object filters = listener.getClass().getMethod("getFilters", Class.class).invoke(listener, filterType);
            out.addAll((Collection<?>) filters);
        }
        return out;
    }

    /** The reflective handles the probe uses on each request. */
    private record Handles(Class<?> requestType, Method packet, Method uriRef, Method rawUri, Method length, Field bytes,
                           Field decoded, Method chars, Method ensureChars) {
        /** Gives the decoded-URI buffers of {@code request} one element more than its URI. */
        void roomFor(Object request) throws ReflectiveOperationException {
            Object ref = uriRef.invoke(packet.invoke(request));
            int n = (Integer) length.invoke(rawUri.invoke(ref));
            byte[] b = (byte[]) bytes.get(ref);
            if (b == null || b.length <= n) {
                bytes.set(ref, new byte[n + 1]);
            }
            ensureChars.invoke(chars.invoke(decoded.get(ref)), n + 1);
        }
    }

    private static InvocationHandler handler(Handles h) {
        return (self, method, args) -> {
            switch (method.getName()) {
                case "onRequestReceiveEvent" -> {
                    try {
                        if (h.requestType().isInstance(args[2])) {
                            h.roomFor(args[2]);
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        LOG.log(Level.FINE, "the URI buffer guard failed on a request", e); // never fail the request
                    }
                    return null;
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                case "equals" -> {
                    return self == args[0];
                }
                case "toString" -> {
                    return "cess URI buffer guard";
                }
                default -> {
                    return null;
                }
            }
        };
    }
}
