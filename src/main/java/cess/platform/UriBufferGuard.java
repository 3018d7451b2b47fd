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
 * as SEVERE and answers an empty 200. This listener adds an HTTP probe to each network listener's
 * HTTP filter that, as each request's header is parsed, gives that buffer one byte of room, so
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
            Class<?> probeType = Class.forName("org.glassfish.grizzly.http.HttpProbe", false, loader);
            Class<?> filterType = Class.forName("org.glassfish.grizzly.http.HttpServerFilter", false, loader);
            Class<?> requestType = Class.forName("org.glassfish.grizzly.http.HttpRequestPacket", false, loader);
            Class<?> refType = Class.forName("org.glassfish.grizzly.http.util.RequestURIRef", false, loader);
            Field buffer = refType.getDeclaredField("preallocatedDecodedURIBuffer");
            buffer.setAccessible(true);
            Method uriRef = requestType.getMethod("getRequestURIRef");
            Method rawUri = refType.getMethod("getRequestURIBC");
            Method length = Class.forName("org.glassfish.grizzly.http.util.DataChunk", false, loader).getMethod("getLength");
            Object probe = Proxy.newProxyInstance(probeType.getClassLoader(), new Class<?>[] {probeType},
                    handler(requestType, uriRef, rawUri, length, buffer));
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

    private static InvocationHandler handler(Class<?> requestType, Method uriRef, Method rawUri, Method getLength,
                                             Field buffer) {
        return (self, method, args) -> {
            switch (method.getName()) {
                case "onHeaderParseEvent" -> {
                    Object header = args[1];
                    if (requestType.isInstance(header)) {
                        Object ref = uriRef.invoke(header);
                        int length = (Integer) getLength.invoke(rawUri.invoke(ref));
                        byte[] b = (byte[]) buffer.get(ref);
                        if (b == null || b.length <= length) {
                            buffer.set(ref, new byte[length + 1]);
                        }
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
