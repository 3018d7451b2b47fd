package cess.runtime.control;

import cess.audit.model.AuditCall;
import cess.audit.model.AuditParams;
import cess.audit.model.IdleAuditParams;
import cess.audit.model.IdleRules;
import cess.audit.model.IdleSpace;
import cess.audit.model.idle.FillerUnits;
import cess.consensus.control.BlockFinalized;
import cess.consensus.control.ChainNode;
import cess.consensus.control.ChainReads;
import cess.consensus.control.TxRefusedException;
import cess.ledger.model.Params;
import cess.platform.CoalescedPasses;
import cess.shared.Address;
import cess.shared.Hash;
import cess.storage.control.HostedMiners;
import cess.storage.model.Miner;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fills the hosted miners' idle space with filler and commits it: up to {@code cess.filler.bytes}
 * per miner (0: none), and never more than fits in its declared space beside its service data.
 * After each final block, on a pooled thread, each miner takes one step: a batch of at most
 * {@link IdleAuditParams#maxRootsPerCommit} units after its certified ones is generated into
 * {@link FillerFiles} (units already whole on disk are not generated again, so a restart costs
 * nothing), and its roots are sent in a {@code commit_filler}; then it waits for the chain's
 * verdict, which {@link IdleResponder} earns. A refused batch is retried one challenge period
 * after its refusal, so that a broken disk does not cost a missed deadline every few blocks.
 * Units that service data displaced are deleted. Each miner's step is kept for the health view
 * ("generating filler 3/16 units", "waiting for certification of units 0..15", "certified 16
 * units"). Composes the audit and storage modules, hence in the runtime's control layer.
 */
@ApplicationScoped
public class FillerGenerator {
    private static final Logger LOG = Logger.getLogger(FillerGenerator.class.getName());
    /** Blocks a sent commitment may wait in the pool before it is sent again. */
    static final long RESEND_BLOCKS = 10;

    @Inject
    HostedMiners hosted;
    @Inject
    ChainNode chain;
    @Inject
    ChainReads reads;
    @Inject
    java.time.Clock clock;
    @Inject
    @ConfigProperty(name = "cess.filler.bytes", defaultValue = "16777216")
    long fillerBytes;
    @Resource
    ManagedExecutorService executor;

    private final Map<Address, String> progress = new ConcurrentHashMap<>();
    /** The head at which each miner last sent a commitment, and its first unit. */
    private final Map<Address, long[]> sent = new ConcurrentHashMap<>();
    private final CoalescedPasses passes = new CoalescedPasses(this::pass, "generating filler failed", LOG);


    void onFinalized(@Observes BlockFinalized block) {
        if (fillerBytes > 0 && !hosted.all().isEmpty()) {
            passes.wake(executor);
        }
    }

    /** One step for every hosted miner. */
    void pass() {
        long head = reads.head().height();
        Params params = reads.params();
        IdleAuditParams ip = params.get(IdleAuditParams.class);
        long period = params.get(AuditParams.class).periodBlocks();
        for (HostedMiners.Hosted m : hosted.all().values()) {
            try {
                step(m, head, ip, period);
            } catch (IOException e) {
                say(m.key().address(), head, "cannot write filler in " + files(m, ip).dir() + ": " + e);
                LOG.warning(() -> "miner " + m.key().address() + ": cannot write filler: " + e);
            }
        }
    }

    private void step(HostedMiners.Hosted m, long head, IdleAuditParams ip, long period) throws IOException {
        Address a = m.key().address();
        Optional<Miner> miner = reads.read(false, v -> v.find(Miner.key(a), Miner.class));
        if (miner.isEmpty()) {
            say(a, head, "not a registered miner: no filler");
            return;
        }
        IdleSpace s = reads.read(false, v -> IdleRules.space(v, a));
        int unit = ip.unitBytes();
        long room = FillerUnits.capacity(miner.get().declaredBytes(), miner.get().usedBytes(), unit);
        long target = Math.min(fillerBytes / unit, room);
        FillerFiles files = files(m, ip);
        // only what service data displaced: certified units beyond the configured bytes stay challenged
        dropDisplaced(files, Math.max(s.pendingEnd(), Math.min(room, Math.max(target, s.certified()))), ip.maxRootsPerCommit());
        if (s.hasPending()) {
            say(a, head, "waiting for certification of units " + IdleRules.range(s.pendingFirst(), s.pendingCount())
                    + " (committed at block " + s.pendingSince() + "); " + s.certified() + " certified");
            return;
        }
        if (s.certified() >= target) {
            say(a, head, "certified " + s.certified() + " units (" + s.certified() * unit + " bytes)"
                    + (target < fillerBytes / unit ? "; no room for more beside " + miner.get().usedBytes() + " bytes of service data" : ""));
            return;
        }
        if (s.lastRefusedHeight() >= 0 && head < s.lastRefusedHeight() + period) {
            say(a, head, s.lastReason() + "; retrying after block " + (s.lastRefusedHeight() + period));
            return;
        }
        long first = s.certified();
        long[] last = sent.get(a);
        if (last != null && last[1] == first && head < last[0] + RESEND_BLOCKS) {
            return; // the commitment is still on its way into a block
        }
        int n = (int) Math.min(target - first, ip.maxRootsPerCommit());
        List<Hash> roots = new ArrayList<>(n);
        for (long u = first; u < first + n; u++) {
            Optional<Hash> kept = files.root(u);
            if (kept.isPresent()) {
                roots.add(kept.get());
                continue;
            }
            say(a, head, "generating filler " + (u + 1) + "/" + target + " units");
            roots.add(files.generate(ip.network(), a, u));
        }
        try {
            chain.submitAs(m.key(), new AuditCall.CommitFiller(first, roots), clock.millis());
            sent.put(a, new long[] {head, first});
            say(a, head, "committed units " + IdleRules.range(first, n) + "; waiting for them to enter a block");
            LOG.info(() -> "miner " + a + " committed filler units " + IdleRules.range(first, n));
        } catch (TxRefusedException e) {
            say(a, head, "commitment of units " + IdleRules.range(first, n) + " refused: " + e.getMessage());
            LOG.warning(() -> "miner " + a + "'s filler commitment was refused: " + e.getMessage());
        }
    }

    /** Deletes the units from {@code keep} on that are whole on disk (service data took their room), a few a pass. */
    private static void dropDisplaced(FillerFiles files, long keep, int most) throws IOException {
        for (long u = keep; u < keep + most && files.root(u).isPresent(); u++) {
            files.delete(u);
        }
    }

    /** The filler files of hosted miner {@code m}, beside its fragments. */
    static FillerFiles files(HostedMiners.Hosted m, IdleAuditParams ip) {
        return new FillerFiles(m.store().dir(), ip.proof());
    }

    private void say(Address miner, long head, String what) {
        progress.put(miner, "block " + head + ": " + what);
    }

    /** Each hosted miner's last step with its filler, for the health view. */
    public Map<Address, String> progress() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    }
}
