package cess.cli;

import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.ledger.wire.KeyFile;
import cess.runtime.wire.TransactionJson;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line client. {@code java -jar cess-cli.jar [--node URL] COMMAND ...}; exit code 0
 * on success, 1 when the node refuses or fails, 2 for a bad command line.
 */
public final class Cli {
    static final String USAGE = """
            usage: java -jar cess-cli.jar [--node URL] COMMAND [OPTIONS]

            The node defaults to $CESS_NODE or http://localhost:8080. A KEY is a devnet dev key
            (//Alice, //Bob, //Charlie, //Dave, //Eve, //Ferdie) or the path of a key file.

            commands:
              keygen --out FILE                  write a new Ed25519 key file (never overwrites)
              address KEY                        print the account address of a key
              balance ACCOUNT                    free balance and nonce (ACCOUNT: address or KEY)
              transfer --from KEY --to ACCOUNT --amount CESS [--fee CESS] [--no-wait]
                                                 sign and send a transfer; waits until it is final
              tx HASH                            a transaction's status

            storage (through the node's gateway; KEY signs as the owner):
              put FILE --key KEY [--name NAME] [--bucket B] [--territory T] [--cipher PASSPHRASE] [--public]
                                                 store a file (private unless --public); prints its FID
              get FID [--key KEY] [--out FILE] [--cipher PASSPHRASE [--owner ACCOUNT]]
                                                 fetch a file (to stdout without --out); a private
                                                 file needs the KEY of an owner
              share FID --key KEY [--expires SECONDS]
                                                 print a link that reads a file without a key until
                                                 it expires (default 3600 s, at most 7 days)
              ls KEY                             the files of KEY's account
              rm FID --key KEY                   delete the key's objects naming FID
              file health FID                    a file's redundancy: fragments present and missing,
                                                 degraded and lost segments, repair orders
              territory ls ACCOUNT               an account's territories
              territory buy NAME --gib N --days D --key KEY
              territory expand NAME --gib N --key KEY
              territory renew NAME --days D --key KEY
              grant GATEWAY --key KEY            let a gateway account store for KEY's account
              miner ls                           registered miners: endpoint, space, stake, state
              miner audit [ACCOUNT]              storage proofs: every miner's passed, missed, failed,
                                                 punished and status; with ACCOUNT its record, open
                                                 challenges with deadlines, faults and what it waits for
              miner register --endpoint URL --tib N --stake CESS --key KEY
              miner update --endpoint URL --key KEY   move the key's miner to a new endpoint
              miner stake CESS --key KEY         bond more stake (a frozen miner thaws once covered)
              miner declare --tib N --key KEY    change the declared space (frozen if stake falls short)
              miner restorals                    lost fragments waiting for repair: from whom, why, who
                                                 rebuilds them and by when
              miner redundancy [--blocks N]      the network's redundancy: degraded segments, by how many
                                                 fragments, and orders completed in the last N blocks
              miner exit --key KEY               take no new fragments; what it holds is rebuilt elsewhere
              miner withdraw --key KEY           an exited miner's stake back, once cooled off and empty
              gateways [ACCOUNT] [--state S]     registered gateways (S: active, the default, deregistered
                                                 or all): endpoint, state, heights; with ACCOUNT its record
              gateway register --endpoint URL --key KEY
                                                 register KEY's account as a gateway serving at URL
              gateway update --endpoint URL --key KEY   move the key's gateway to a new endpoint
              gateway deregister --key KEY       take the key's gateway out of the registry
              gateway report FID SEGMENT FRAGMENT --miner ACCOUNT [--chunks C,…] --key KEY
                                                 report a fragment read corrupt (KEY: an active gateway);
                                                 the chain checks it with a targeted challenge
              validator ls                       on-duty validators and candidates (stake, credit)
              validator bond --amount CESS --key KEY
                                                 become a candidate (or bond more), publishing the
                                                 RANDAO onion the node derives from KEY
              validator unbond --key KEY         stop being a candidate; stake back at the first
                                                 epoch start it is off duty

            governance (amounts in CESS; voting locks the amount until the vote ends):
              propose --key KEY --fund CESS --to ACCOUNT --description TEXT [--link URL]
              propose --key KEY --param NAME --value V --description TEXT [--link URL]
                                                 submit a proposal (bond: 5 % of the amount, at least 1 CESS)
              vote ID aye|nay|abstain --amount CESS --key KEY
                                                 vote on a proposal (again to change the vote)
              cancel ID --key KEY                withdraw one's own proposal while it is voted on
              proposals [ID] [--state S]         proposals with live tallies (S: voting, passed,
                                                 rejected, expired, enacted, failed, cancelled)
              treasury                           the treasury's balance and latest movements
              genesis --validators N --out DIR [--chain-id ID] [--block-ms MS] [--epoch-blocks N]
                                                 a local network's genesis and a key file per validator
            """;

    /** What one command printed and its exit code (for callers that embed the CLI, such as tests). */
    public record Result(int exit, String out, String err) {
    }

    private final PrintStream out;
    private final PrintStream err;
    private final String defaultNode;

    public Cli(PrintStream out, PrintStream err, String defaultNode) {
        this.out = out;
        this.err = err;
        this.defaultNode = defaultNode;
    }

    public static void main(String[] argv) {
        String env = System.getenv("CESS_NODE");
        System.exit(new Cli(System.out, System.err, env == null || env.isBlank() ? "http://localhost:8080" : env).run(argv));
    }

    /** Runs one command; returns the process exit code. */
    public int run(String[] argv) {
        List<String> words = Arrays.asList(argv);
        String node = defaultNode;
        if (words.size() >= 2 && words.get(0).equals("--node")) {
            node = words.get(1);
            words = words.subList(2, words.size());
        }
        if (words.isEmpty() || words.get(0).equals("help") || words.get(0).equals("--help")) {
            out.print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        NodeClient client = new NodeClient(node);
        try {
            switch (command) {
                case "keygen" -> keygen(new Args(rest, List.of("out"), List.of()));
                case "validator" -> new ValidatorCommands(client, out).run(
                        new Args(rest, List.of("key", "amount"), List.of()));
                case "genesis" -> new GenesisCommand(out).run(new Args(rest, List.of("validators", "out", "chain-id", "block-ms", "epoch-blocks"),
                        List.of()), System.currentTimeMillis());
                case "address" -> out.println(KeyFile.resolve(new Args(rest, List.of(), List.of()).positional(0, "KEY")).address());
                case "balance" -> balance(client, new Args(rest, List.of(), List.of()));
                case "transfer" -> transfer(client, new Args(rest, List.of("from", "to", "amount", "fee"), List.of("no-wait")));
                case "put" -> new StorageCommands(client, out, err).put(
                        new Args(rest, List.of("key", "name", "bucket", "territory", "cipher"), List.of("public")));
                case "get" -> new StorageCommands(client, out, err).get(
                        new Args(rest, List.of("key", "out", "cipher", "owner"), List.of()));
                case "share" -> new StorageCommands(client, out, err).share(new Args(rest, List.of("key", "expires"), List.of()));
                case "ls" -> new StorageCommands(client, out, err).ls(new Args(rest, List.of(), List.of()));
                case "rm" -> new StorageCommands(client, out, err).rm(new Args(rest, List.of("key"), List.of()));
                case "file" -> new FileCommands(client, out).run(new Args(rest, List.of(), List.of()));
                case "territory" -> new StorageCommands(client, out, err).territory(
                        new Args(rest, List.of("gib", "days", "key"), List.of()));
                case "grant" -> new StorageCommands(client, out, err).grant(new Args(rest, List.of("key"), List.of()));
                case "miner" -> new StorageCommands(client, out, err).miner(
                        new Args(rest, List.of("key", "endpoint", "tib", "stake", "blocks"), List.of()));
                case "gateways" -> new GatewayCommands(client, out).list(new Args(rest, List.of("state"), List.of()));
                case "gateway" -> new GatewayCommands(client, out).run(new Args(rest, List.of("key", "endpoint", "miner", "chunks"),
                        List.of()));
                case "propose" -> new GovernanceCommands(client, out).propose(new Args(rest,
                        List.of("key", "fund", "to", "param", "value", "description", "link"), List.of()));
                case "vote" -> new GovernanceCommands(client, out).vote(new Args(rest, List.of("key", "amount"), List.of()));
                case "cancel" -> new GovernanceCommands(client, out).cancel(new Args(rest, List.of("key"), List.of()));
                case "proposals" -> new GovernanceCommands(client, out).proposals(new Args(rest, List.of("state"), List.of()));
                case "treasury" -> new GovernanceCommands(client, out).treasury();
                case "tx" -> printTx(client.get("/api/transactions/" + new Args(rest, List.of(), List.of()).positional(0, "HASH")));
                default -> throw new Args.UsageException("unknown command '" + command + "'");
            }
            return 0;
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (NodeClient.NodeError e) {
            err.println("error" + (e.status > 0 ? " (" + e.status + " " + e.code + ")" : "") + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private void keygen(Args a) throws IOException {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        KeyPair key = KeyPair.fromSeed(seed);
        Path file = Path.of(a.required("out"));
        try {
            KeyFile.write(file, key);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " already exists; not overwriting a key");
        }
        out.println(key.address());
    }

    private void balance(NodeClient client, Args a) {
        Address account = account(a.positional(0, "ACCOUNT"));
        JsonObject acc = client.get("/api/accounts/" + account.ss58());
        out.println("account " + acc.getString("address"));
        out.println("free    " + acc.getString("freeCess") + " CESS (" + acc.getString("free") + " units)");
        out.println("nonce   " + acc.getJsonNumber("nonce").longValue());
    }

    private void transfer(NodeClient client, Args a) {
        KeyPair from = KeyFile.resolve(a.required("from"));
        Address to = account(a.required("to"));
        Amount amount = Amount.parseCess(a.required("amount"));
        JsonObject chain = client.get("/api/chain");
        Amount fee = a.optional("fee").map(Amount::parseCess).orElse(Amount.parseUnits(chain.getString("minFee")));
        Hash genesis = Hash.parse(chain.getString("genesisHash"));
        long nonce = client.get("/api/accounts/" + from.address().ss58()).getJsonNumber("nextNonce").longValue();
        SignedTransaction stx = new Transaction(from.address(), nonce, fee, new Transfer(to, amount)).sign(from, genesis);
        JsonObject accepted = client.post("/api/transactions", TransactionJson.toJson(stx));
        String hash = accepted.getString("hash");
        out.println("submitted " + hash + " (nonce " + nonce + ", fee " + fee.toCess() + " CESS)");
        if (a.flag("no-wait")) {
            return;
        }
        long waitMillis = Math.max(30_000, 20 * chain.getJsonNumber("blockTimeMillis").longValue());
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            JsonObject status = client.get("/api/transactions/" + hash);
            if (!"pending".equals(status.getString("status"))) {
                printTx(status);
                if ("rejected".equals(status.getString("status"))) {
                    throw new NodeClient.NodeError(0, "rejected", "the transaction was rejected");
                }
                return;
            }
            sleep(200);
        }
        throw new NodeClient.NodeError(0, "timeout", "still pending after " + waitMillis / 1000 + " s; check with: tx " + hash);
    }

    private void printTx(JsonObject t) {
        String status = t.getString("status");
        StringBuilder line = new StringBuilder(t.getString("hash")).append(' ').append(status);
        if ("included".equals(status)) {
            line.append(" in block ").append(t.getJsonNumber("height").longValue()).append(" (final)");
        } else if ("rejected".equals(status)) {
            line.append(": ").append(t.getString("error", "")).append(" - ").append(t.getString("reason", ""));
        }
        out.println(line);
    }

    static Address account(String text) {
        return text.startsWith("cX") ? Address.parse(text) : KeyFile.resolve(text).address();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeClient.NodeError(0, "interrupted", "interrupted");
        }
    }
}
