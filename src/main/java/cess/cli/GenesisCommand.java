package cess.cli;

import cess.storage.model.StorageGenesis;
import cess.runtime.model.RuntimeGenesis;
import cess.consensus.model.Onion;
import cess.ledger.wire.Jsons;
import cess.consensus.model.ConsensusParams;
import cess.consensus.model.Genesis;
import cess.runtime.wire.GenesisJson;
import cess.audit.model.AuditParams;
import cess.audit.model.IdleAuditParams;
import cess.governance.model.GovernanceParams;
import cess.ledger.model.Balances;
import cess.ledger.model.FeeParams;
import cess.ledger.model.Params;
import cess.runtime.model.ChainTiming;
import cess.runtime.model.Runtime;
import cess.ledger.wire.KeyFile;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.KeyPair;
import cess.staking.model.StakingParams;
import cess.storage.model.RestoralParams;
import cess.storage.model.StorageParams;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import cess.network.model.BrokerPassword;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code genesis --validators N --out DIR [--block-ms MS] [--epoch-blocks N]}: a local network's
 * genesis, one fresh key file and broker password per validator, the broker's users file, and the
 * command lines that start its nodes (node 1 embeds the broker; the others log in to it). The
 * parameters are the devnet's (1 s blocks and 600-block epochs unless the options say otherwise,
 * fees 80/20); each validator gets a balance of 1,000,000 CESS and a stake of 100,000 CESS, and
 * publishes the outer layer of the RANDAO hash onion its node derives from its key.
 */
final class GenesisCommand {
    static final int MAX_VALIDATORS = 100;
    /** A local network's governance: a minute of voting, five seconds before enactment and a 5 % quorum, to be watched. */
    static final GovernanceParams LOCAL_GOVERNANCE = new GovernanceParams(5, Amount.cess(1), 60_000, 5_000, 5, 67);
    static final FeeParams FEES = new FeeParams(Amount.parseCess("0.001"), 80);
    static final StorageParams STORAGE = new StorageParams(Amount.cess(4000), Amount.parseCess("0.1"), 30,
            StorageParams.DEFAULT_GRACE_DAYS);
    /** What the genesis puts into the treasury (Community Development Fund), as the devnet's does. */
    static final Amount TREASURY_FUNDING = Amount.cess(10_000_000);
    static final long DEFAULT_BLOCK_MILLIS = 1000;
    static final long DEFAULT_EPOCH_BLOCKS = 600;
    /** The broker's users file in the output directory. */
    static final String BROKER_USERS = "broker-users.properties";
    /** The configuration of an external Artemis broker (docker/compose.yaml's), and its admin user. */
    static final String BROKER_ETC = "broker-etc";
    static final String BROKER_ADMIN = "admin";

    private final PrintStream out;

    /** A local network's parameters, with blocks every {@code blockMillis}, for the chain {@code chainId}. */
    static Params params(long blockMillis, String chainId) {
        return Runtime.STANDARD.params(List.of(FEES, STORAGE, RestoralParams.local(blockMillis), StakingParams.DEFAULT,
                LOCAL_GOVERNANCE, AuditParams.local(blockMillis),
                IdleAuditParams.local(blockMillis, IdleAuditParams.network(chainId)), new ChainTiming(blockMillis)));
    }

    GenesisCommand(PrintStream out) {
        this.out = out;
    }

    void run(Args a, long nowMillis) throws IOException {
        int n = (int) parseInRange("validators", "a count", a.required("validators"), 1, MAX_VALIDATORS);
        Path dir = Path.of(a.required("out"));
        String chainId = a.optional("chain-id").orElse("cess-local");
        long blockMillis = a.optional("block-ms").map(v -> parseInRange("block-ms", "milliseconds", v, 10, 600_000))
                .orElse(DEFAULT_BLOCK_MILLIS);
        long epochBlocks = a.optional("epoch-blocks")
                .map(v -> parseInRange("epoch-blocks", "a block count", v, 2, 1_000_000)).orElse(DEFAULT_EPOCH_BLOCKS);
        if (Files.exists(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty; not overwriting keys or a genesis");
                }
            }
        }
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        List<Genesis.ValidatorSpec> validators = new ArrayList<>();
        Map<Address, Amount> balances = new TreeMap<>();
        List<Path> keyFiles = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            KeyPair key = KeyPair.fromSeed(seed);
            Path file = dir.resolve("validator-" + i + ".key");
            KeyFile.write(file, key);
            keyFiles.add(file);
            validators.add(new Genesis.ValidatorSpec(key.address(), Amount.cess(100_000), Onion.onionCommitment(key.seed())));
            balances.put(key.address(), Amount.cess(1_000_000));
        }
        balances.put(Balances.TREASURY, TREASURY_FUNDING);
        Genesis g = new Genesis(chainId, nowMillis, new ConsensusParams(blockMillis, 5000, epochBlocks), validators,
                new RuntimeGenesis(params(blockMillis, chainId), new TreeMap<>(balances), StorageGenesis.NONE));
        Path genesis = dir.resolve("genesis.json");
        JsonWriterFactory pretty = Jsons.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (Writer w = Files.newBufferedWriter(genesis, StandardCharsets.UTF_8); JsonWriter jw = pretty.createWriter(w)) {
            jw.writeObject(GenesisJson.toJson(g));
        }
        Path users = dir.resolve(BROKER_USERS);
        List<Path> passwordFiles = writeBrokerCredentials(dir, users, validators, random);
        out.println("genesis " + genesis + " (chain " + chainId + ", " + n + " validators)");
        for (int i = 0; i < n; i++) {
            out.println("validator " + (i + 1) + " " + validators.get(i).account() + " key " + keyFiles.get(i)
                    + " broker password " + passwordFiles.get(i));
        }
        out.println("broker users (password hashes; the broker's node reads it) " + users);
        out.println("an external Artemis broker's configuration " + dir.resolve(BROKER_ETC) + " (users, roles, broker.xml;"
                + " its admin '" + BROKER_ADMIN + "' has the password in " + dir.resolve("broker-admin.password") + ")");
        out.println();
        if (n > 1) {
            int quorum = n * 2 / 3 + 1;
            out.println("blocks are final once validators holding more than 2/3 of the stake sign them: any " + quorum
                    + " of the " + n + " nodes keep the chain going.");
        }
        out.println("start node 1 (its broker takes the others on 127.0.0.1:61616), then nodes 2.." + n + ":");
        for (int i = 1; i <= n; i++) {
            String broker = i == 1
                    ? "-Dcess.broker.listen=127.0.0.1:61616 -Dcess.broker.users=" + users.toAbsolutePath()
                    : "-Dcess.broker.url=tcp://127.0.0.1:61616 -Dcess.broker.password-file="
                            + passwordFiles.get(i - 1).toAbsolutePath();
            out.println("  java -Dcess.genesis=" + genesis.toAbsolutePath() + " -Dcess.node.key="
                    + keyFiles.get(i - 1).toAbsolutePath() + " -Dcess.data.dir=node" + i + " " + broker
                    + " -jar target/payara-micro.jar --deploy target/cess-node.war --contextroot / --port " + (8079 + i)
                    + " --nohazelcast --prebootcommandfile docker/pre-boot-commands.txt");
        }
    }

    /**
     * Writes each validator's broker password ({@code validator-N.broker-password}, readable by its
     * owner only) and the users file of the broker ({@code broker-users.properties}: each
     * validator's account and a one-way hash of its password, in Artemis's format), and the same
     * users with an admin as an external Artemis broker's configuration ({@link BrokerEtc});
     * returns the password files in validator order.
     */
    private static List<Path> writeBrokerCredentials(Path dir, Path users, List<Genesis.ValidatorSpec> validators,
            SecureRandom random) throws IOException {
        StringBuilder lines = new StringBuilder("# The nodes that may log in to the network's broker: account = ENC(PBKDF2 hash)\n"
                + "# of its password (cess.broker.users of the node that embeds the broker; an external\n"
                + "# Artemis reads the same lines in artemis-users.properties).\n");
        List<Path> files = new ArrayList<>();
        Map<String, String> hashes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < validators.size(); i++) {
            byte[] secret = new byte[32];
            byte[] salt = new byte[16];
            random.nextBytes(secret);
            random.nextBytes(salt);
            String password = BrokerPassword.fromRandom(secret);
            Path file = dir.resolve("validator-" + (i + 1) + ".broker-password");
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            ownerOnly(file);
            files.add(file);
            String hash = BrokerPassword.hash(password, salt);
            hashes.put(validators.get(i).account().ss58(), hash);
            lines.append(validators.get(i).account().ss58()).append(" = ").append(hash).append('\n');
        }
        Files.writeString(users, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        byte[] secret = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(secret);
        random.nextBytes(salt);
        String adminPassword = BrokerPassword.fromRandom(secret);
        Path adminFile = dir.resolve("broker-admin.password");
        Files.writeString(adminFile, adminPassword + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        ownerOnly(adminFile);
        BrokerEtc.write(dir.resolve(BROKER_ETC), hashes, BROKER_ADMIN, BrokerPassword.hash(adminPassword, salt));
        return files;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // nothing more to do on such a file system
        }
    }

    /** {@code v} as a number from {@code min} to {@code max}, or a usage error naming the option and what it takes. */
    private static long parseInRange(String option, String what, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Args.UsageException("--" + option + " takes " + what + " from " + min + " to " + max + ", not '" + v + "'");
    }
}
