package cess.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * The node's database: migrates the schema with Flyway (which alone owns it), then opens the JPA
 * unit on the same URL. Every write goes through {@link #inTransaction}, one database transaction
 * that either commits whole or leaves nothing.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Database {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    @Inject
    NodeConfig config;

    private EntityManagerFactory emf;
    private boolean h2File;

    @PostConstruct
    void open() {
        String url = durable(config.dbUrl());
        h2File = isH2File(url);
        ClassLoader appLoader = Database.class.getClassLoader();
        var result = Flyway.configure(appLoader)
                .dataSource(url, config.dbUser(), config.dbPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "database " + redact(url) + " at schema version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
        Map<String, Object> props = new HashMap<>();
        props.put("eclipselink.persistencexml", "META-INF/cess-persistence.xml");
        props.put("eclipselink.classloader", appLoader);
        props.put("jakarta.persistence.jdbc.url", url);
        props.put("jakarta.persistence.jdbc.user", config.dbUser());
        props.put("jakarta.persistence.jdbc.password", config.dbPassword());
        props.put("jakarta.persistence.jdbc.driver", driverFor(url));
        emf = Persistence.createEntityManagerFactory("cess", props);
    }

    @PreDestroy
    void close() {
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
    }

    /** Runs {@code work} in one database transaction, rolling back if it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            group.committed();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * Forces every commit so far onto the disk, for a caller about to acknowledge what it
     * committed (an admitted transaction, an uploaded object's deal): with {@link #durable} a
     * commit survives the process, and this makes it survive the machine. H2 needs
     * {@code CHECKPOINT SYNC} for that; PostgreSQL syncs its log at every commit already.
     * Callers run it outside their own locks: concurrent ones share one flush ({@link GroupSync}).
     */
    public void sync() {
        if (h2File) {
            group.await();
        }
    }

    private final GroupSync group = new GroupSync(this::checkpointSync);

    /** H2's flush to the disk, in a transaction of its own that {@link #group} does not count as a commit. */
    private void checkpointSync() {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            em.createNativeQuery("CHECKPOINT SYNC").executeUpdate();
            tx.commit();
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /** Runs a read-only {@code query}. */
    public <T> T read(Function<EntityManager, T> query) {
        EntityManager em = emf.createEntityManager();
        try {
            return query.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * The URL with what makes a commit survive the process: H2 otherwise keeps committed changes
     * in memory for up to half a second (WRITE_DELAY) and a crash in that window loses them,
     * which would lose a pending deal the gateway has acknowledged, or an admitted transaction.
     * With {@code WRITE_DELAY=0} every commit is written to the file before it returns (the
     * operating system's cache; PostgreSQL also syncs the disk at commit). An explicit
     * {@code WRITE_DELAY} in {@code cess.db.url} is kept.
     */
    static String durable(String url) {
        if (isH2File(url) && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    private static boolean isH2File(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    static String driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("cess.db.url: unsupported database " + redact(url));
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }
}
