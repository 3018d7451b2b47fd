package cess.gateway.control;

import cess.gateway.model.SegmentCodec;
import cess.platform.NodeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What uploads and downloads share: the container-managed threads that move fragments between
 * gateway and miners ({@code cess.fragment.threads}), and one Reed-Solomon codec per k+m.
 */
@ApplicationScoped
public class FragmentIo {
    @Inject
    NodeConfig config;
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService executor;
    private final Map<String, SegmentCodec> codecs = new ConcurrentHashMap<>();
    private final BufferPool buffers = new BufferPool();

    @PostConstruct
    void start() {
        executor = threads != null ? Executors.newFixedThreadPool(config.fragmentThreads(), threads)
                : Executors.newFixedThreadPool(config.fragmentThreads());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Large arrays that uploads reuse (see {@link BufferPool}). */
    BufferPool buffers() {
        return buffers;
    }

    public SegmentCodec codec(int k, int m) {
        return codecs.computeIfAbsent(k + "+" + m, x -> new SegmentCodec(k, m));
    }
}
