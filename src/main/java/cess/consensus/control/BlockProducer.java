package cess.consensus.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single driver of block production: every block time (a genesis parameter) it asks the
 * chain to produce a block from waiting transactions. A slow block delays the next tick rather
 * than overlapping it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("ChainNode")
public class BlockProducer {
    private static final Logger LOG = Logger.getLogger(BlockProducer.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    ChainNode chain;
    @Inject
    Clock clock;

    private ScheduledFuture<?> ticking;

    @PostConstruct
    void start() {
        if (!chain.isValidator()) {
            LOG.info("this node is not a validator of the genesis set: it will not produce blocks");
            return;
        }
        long period = chain.genesis().consensus().blockTimeMillis();
        ticking = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            chain.produce(clock.millis()).ifPresent(h ->
                    LOG.fine(() -> "finalized block " + h.height() + " " + h.hash()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "block production tick failed", e);
        }
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
