package cess.runtime.model;

import cess.audit.model.Audit;
import cess.audit.model.AuditParams;
import cess.audit.model.IdleAuditParams;
import cess.governance.model.Governance;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Balances;
import cess.ledger.model.BlockStart;
import cess.ledger.model.Call;
import cess.ledger.model.CallContext;
import cess.ledger.model.ChainEvent;
import cess.ledger.model.Currency;
import cess.ledger.model.FeeParams;
import cess.ledger.model.GovernableParam;
import cess.ledger.model.Module;
import cess.ledger.model.Params;
import cess.ledger.model.Schema;
import cess.ledger.model.SignedTransaction;
import cess.ledger.model.StateKey;
import cess.ledger.model.StateKind;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.StateValue;
import cess.ledger.model.StateView;
import cess.ledger.model.StoragePower;
import cess.ledger.model.Transaction;
import cess.ledger.model.TxExecutor;
import cess.ledger.model.TxRejection;
import cess.oss.model.Oss;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Hash;
import cess.staking.model.Staking;
import cess.staking.model.StakingParams;
import cess.storage.model.RestoralParams;
import cess.storage.model.Storage;
import cess.storage.model.StorageParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The composition of the chain's modules and the executive that runs them. The list is checked
 * once: module indexes, state kind codes and names, and governable parameter keys must be
 * unique (call type names are each module's own; {@code RuntimeTest} checks the standard list's). Immutable and
 * thread-safe; every function is pure.
 */
public final class Runtime implements Schema, TxExecutor {
    /**
     * The chain's modules, in the order their block hooks run: balances, the storage market
     * (its epoch sweep first), governance (decides and enacts), staking, storage proofs (which
     * see the storage market through {@link StorageAudit}), the gateway registry. Adding a module
     * is one line here.
     */
    public static final Runtime STANDARD = new Runtime(List.of(
            new Balances(),
            new Storage(),
            new Governance(),
            new Staking(),
            new Audit(StorageAudit::new),
            new Oss()));

    /** Miners' power as the standard runtime's modules keep it (service data + certified idle space). */
    public static final StoragePower POWER = new MinerPowers();

    private final List<Module> modules;
    private final Module[] byIndex = new Module[256];
    private final Map<Integer, StateKind> kindsByCode = new HashMap<>();
    private final Map<String, StateKind> kindsByName = new HashMap<>();
    private final List<GovernableParam> governable = new ArrayList<>();

    public Runtime(List<Module> modules) {
        this.modules = List.copyOf(modules);
        governable.add(ChainTiming.governable());
        for (Module m : this.modules) {
            if (m.index() < 0 || m.index() > 255) {
                throw new IllegalArgumentException("module " + m.name() + " takes index " + m.index() + ", outside 0..255");
            }
            if (byIndex[m.index()] != null) {
                throw new IllegalArgumentException("modules " + byIndex[m.index()].name() + " and " + m.name()
                        + " both take index " + m.index());
            }
            byIndex[m.index()] = m;
            for (StateKind k : m.kinds()) {
                if (k.module() != m.index()) {
                    throw new IllegalArgumentException("module " + m.name() + " declares kind " + k + " of module " + k.module());
                }
                if (kindsByCode.put(k.code(), k) != null || kindsByName.put(k.name(), k) != null) {
                    throw new IllegalArgumentException("state kind " + k + " is declared twice");
                }
            }
            governable.addAll(m.governable());
        }
    }

    public List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }

    // ------------------------------------------------------------------ reading chain data

    @Override
    public Call decodeCall(Decoder d) {
        int module = d.u8();
        int call = d.u8();
        Module m = byIndex[module];
        if (m == null) {
            throw new IllegalArgumentException("no module has index " + module);
        }
        return m.decodeCall(call, d);
    }

    @Override
    public Optional<StateKind> kind(int code) {
        return Optional.ofNullable(kindsByCode.get(code));
    }

    @Override
    public Optional<StateKind> kind(String name) {
        return Optional.ofNullable(kindsByName.get(name));
    }

    // ------------------------------------------------------------------ parameters

    /**
     * The genesis's parameters: one record per owner, with every parameter the modules register
     * as governable.
     */
    public Params params(List<?> records) {
        return Params.of(records, governable);
    }

    /**
     * The standard runtime's genesis parameters, from each owner's record, with storage proofs
     * at their production defaults for the block time ({@link AuditParams#production}).
     */
    public static Params standardParams(FeeParams fees, StorageParams storage, StakingParams staking,
                                        GovernanceParams governance, long blockTimeMillis) {
        return standardParams(fees, storage, staking, governance, AuditParams.production(blockTimeMillis), blockTimeMillis);
    }

    /**
     * The standard runtime's genesis parameters, from each owner's record, with idle-space proofs at
     * a local network's parameters ({@link IdleAuditParams#local}, 1 MiB units) on the network
     * {@link #TEST_NETWORK}.
     */
    public static Params standardParams(FeeParams fees, StorageParams storage, StakingParams staking,
                                        GovernanceParams governance, AuditParams audit, long blockTimeMillis) {
        return standardParams(fees, storage, staking, governance, audit,
                IdleAuditParams.local(blockTimeMillis, TEST_NETWORK), blockTimeMillis);
    }

    /** The standard runtime's genesis parameters, from each owner's record. */
    public static Params standardParams(FeeParams fees, StorageParams storage, StakingParams staking,
                                        GovernanceParams governance, AuditParams audit, IdleAuditParams idle,
                                        long blockTimeMillis) {
        return STANDARD.params(List.of(fees, storage, RestoralParams.DEFAULT, staking, governance, audit, idle,
                new ChainTiming(blockTimeMillis)));
    }

    /** The network idle filler is bound to when parameters are made without a chain id: {@code IdleAuditParams.network("")}. */
    public static final Hash TEST_NETWORK = IdleAuditParams.network("");

    /** The parameters in effect on {@code state}: {@code genesis} with what each module overlays (enacted changes). */
    public Params effective(StateView state, Params genesis) {
        Params p = genesis;
        for (Module m : modules) {
            p = m.effective(state, p);
        }
        return p;
    }

    /** The block time in effect under {@code params}. */
    public static long blockTimeMillis(Params params) {
        return params.get(ChainTiming.class).blockTimeMillis();
    }

    // ------------------------------------------------------------------ the executive

    /**
     * What the modules do by themselves when a block begins, before its transactions: at an
     * epoch's first block every module's {@link Module#startEpoch}, then every module's
     * {@link Module#beginBlock}, in list order, each under the parameters in effect as it starts
     * (so a parameter governance enacts holds from the next module on).
     */
    public void beginBlock(NavigableMap<StateKey, StateValue> before, StateOverlay state, long height, boolean epochStart,
                           long nowMillis, Hash seed, Params genesis, Consumer<ChainEvent> events) {
        Currency currency = Balances.currency(state);
        if (epochStart) {
            for (Module m : modules) {
                m.startEpoch(new BlockStart(before, state, currency, height, nowMillis, seed, effective(state, genesis), events));
            }
        }
        for (Module m : modules) {
            m.beginBlock(new BlockStart(before, state, currency, height, nowMillis, seed, effective(state, genesis), events));
        }
    }

    /**
     * Applies one transaction: balances settles its nonce and fee, then the module that owns the
     * call applies it. On a rejection by either nothing is kept.
     */
    @Override
    public Optional<TxRejection> apply(StateOverlay state, SignedTransaction stx, Address author, long height,
                                       long nowMillis, Params params) {
        Transaction tx = stx.tx();
        Module m = byIndex[tx.call().module()];
        if (m == null) {
            throw new IllegalStateException("no module for call " + tx.call().type());
        }
        StateOverlay attempt = state.fork();
        Optional<TxRejection> why = Balances.settle(attempt, tx, author, params.get(FeeParams.class));
        if (why.isEmpty()) {
            why = m.apply(new CallContext(attempt, Balances.currency(attempt), tx.sender(), height, nowMillis,
                    params), tx.call());
        }
        if (why.isEmpty()) {
            state.absorb(attempt);
        }
        return why;
    }
}
