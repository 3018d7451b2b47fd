package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.ledger.model.SignedTransaction;
import cess.ledger.model.Transaction;
import cess.ledger.model.Transfer;
import cess.runtime.wire.TransactionJson;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built WAR on a real Payara Micro: signed transfers finalize over HTTP, every kind of bad
 * input is refused with a JSON error and changes nothing, Shiro guards the admin API, and
 * health and OpenAPI answer. One server for all methods; no method depends on another's effects.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChainApiIT {
    private static final Duration FINALITY = Duration.ofSeconds(30);
    /** Bad-input tests send as Eve only, so her account changes only if a refusal leaks. */
    private static final KeyPair EVE = KeyPair.dev("//Eve");
    private static final KeyPair BOB = KeyPair.dev("//Bob");

    @ArquillianResource
    URL url;
    NodeApi api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("cess.war")));
    }

    @BeforeEach
    void client() {
        api = new NodeApi(url.toString());
    }

    @Test
    void servesChainIdentityAndHead() {
        JsonObject chain = api.get("/api/chain").expect(200).json();
        assertEquals("cess-devnet", chain.getString("chainId"));
        assertEquals(11330, chain.getInt("ss58Prefix"));
        JsonObject head = api.get("/api/chain/head").expect(200).json();
        assertTrue(head.getJsonNumber("height").longValue() >= 0);
        JsonObject genesis = api.get("/api/chain/blocks/0").expect(200).json();
        assertEquals(chain.getString("genesisHash"), genesis.getString("hash"));
    }

    @Test
    void anEntryOfTheHeadStateProvesAgainstTheHeadsStateRootAsTheReadmeDescribes() throws Exception {
        String key = "account:" + BOB.address().ss58();
        JsonObject p = api.get("/api/chain/state-proof?key=" + key).expect(200).json();
        assertTrue(p.getBoolean("present"));
        assertEquals(key, p.getString("key"));
        JsonObject block = api.get("/api/chain/blocks/" + p.getJsonNumber("height").longValue()).expect(200).json();
        assertEquals(block.getString("stateRoot"), p.getString("stateRoot"));
        // The client's check, from the documented hashing alone.
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] k = cess.shared.Hex.decode(p.getString("keyHex"));
        byte[] v = cess.shared.Hex.decode(p.getString("valueHex"));
        byte[] path = sha.digest(k);
        sha.update((byte) 0);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(k.length).array());
        sha.update(k);
        byte[] h = sha.digest(v);
        for (jakarta.json.JsonValue s : p.getJsonArray("steps")) {
            int bit = s.asJsonObject().getInt("bit");
            byte[] sibling = cess.shared.Hex.decode(s.asJsonObject().getString("sibling"));
            boolean right = (path[bit >>> 3] & (0x80 >>> (bit & 7))) != 0;
            sha.update((byte) 1);
            sha.update((byte) bit);
            sha.update(right ? sibling : h);
            h = sha.digest(right ? h : sibling);
        }
        assertEquals(p.getString("stateRoot"), cess.shared.Hex.encode(h));

        JsonObject none = api.get("/api/chain/state-proof?key=account:cXnobodyHere").expect(200).json();
        assertFalse(none.getBoolean("present"));
        assertTrue(none.getJsonArray("steps").isEmpty());
        assertEquals("invalid_key", api.get("/api/chain/state-proof?key=nokind").expect(400).json().getString("error"));
        assertEquals("invalid_key", api.get("/api/chain/state-proof?key=planet:x").expect(400).json().getString("error"));
    }

    @Test
    void signedTransferBecomesFinal() {
        KeyPair alice = KeyPair.dev("//Alice");
        KeyPair fresh = KeyPair.fromSeed(Hash.sha256(Long.toString(System.nanoTime()).getBytes()).bytes());
        long nonce = api.nextNonce(alice.address());
        Amount before = api.free(alice.address());
        SignedTransaction stx = api.transfer(alice, fresh.address(), Amount.parseCess("2.5"), nonce);

        NodeApi.Reply accepted = api.submit(stx).expect(202);
        assertEquals(stx.hash().hex(), accepted.json().getString("hash"));
        assertEquals("pending", accepted.json().getString("status"));
        assertTrue(accepted.raw().headers().firstValue("Location").orElseThrow().endsWith(stx.hash().hex()));

        JsonObject fin = api.awaitFinal(stx.hash().hex(), FINALITY);
        assertEquals("included", fin.getString("status"), fin.toString());
        long height = fin.getJsonNumber("height").longValue();
        assertEquals(Amount.parseCess("2.5"), api.free(fresh.address()));
        assertEquals(nonce + 1, api.account(alice.address()).getJsonNumber("nonce").longValue());
        // Alice is the devnet's only validator: as author she gets back 20 % of her own fee, and 20 % of
        // every other fee in the blocks she makes meanwhile (the hosted miners' proofs, at the minimum fee).
        Amount fee = api.minFee();
        Amount authorShare = fee.minus(fee.share(80, 100));
        java.math.BigInteger extra = api.free(alice.address()).units()
                .subtract(before.minus(Amount.parseCess("2.5")).minus(fee).plus(authorShare).units());
        assertTrue(extra.signum() >= 0 && extra.mod(authorShare.units()).signum() == 0,
                "Alice paid 2.5 CESS and 80 % of her fee; what she got beyond is whole author shares: " + extra);

        JsonObject block = api.get("/api/chain/blocks/" + height).expect(200).json();
        assertTrue(block.getJsonArray("transactions").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals(stx.hash().hex())));
        assertEquals(1, block.getJsonArray("commit").size(), "the single validator's precommit");
        assertEquals(api.get("/api/chain/blocks/" + (height - 1)).json().getString("hash"), block.getString("parentHash"));
    }

    @Test
    void candidatesBondStakeAndTheValidatorsViewShowsThem() {
        KeyPair dave = KeyPair.dev("//Dave");
        JsonObject before = api.get("/api/validators").expect(200).json();
        assertEquals(KeyPair.dev("//Alice").address().ss58(),
                before.getJsonArray("onDuty").getJsonObject(0).getString("account"));
        assertEquals(11, before.getInt("maxOnDuty"));
        Hash onion = Hash.sha256("dave's outer layer".getBytes());
        api.submit(api.sign(dave, api.nextNonce(dave.address()), api.minFee(),
                new cess.staking.model.StakingCall.Bond(Amount.cess(9_999), onion))).error(400, "invalid_argument");
        String bond = api.submit(api.sign(dave, api.nextNonce(dave.address()), api.minFee(),
                new cess.staking.model.StakingCall.Bond(Amount.cess(10_000), onion))).expect(202).json().getString("hash");
        JsonObject c = api.get("/api/validators?pending=true").expect(200).json().getJsonArray("candidates").stream()
                .map(v -> v.asJsonObject()).filter(v -> v.getString("account").equals(dave.address().ss58()))
                .findFirst().orElseThrow();
        assertEquals(Amount.cess(10_000).toString(), c.getString("stake"));
        assertEquals(500, c.getInt("credit"), "a new candidate starts in the middle");
        assertEquals(onion.hex(), c.getString("onion"));
        api.awaitFinal(bond, java.time.Duration.ofSeconds(30));
        // The validator's node revealed its first onion layer in the first block it proposed.
        JsonObject now = api.get("/api/validators").expect(200).json();
        JsonObject alice = now.getJsonArray("candidates").stream().map(v -> v.asJsonObject())
                .filter(v -> v.getString("account").equals(KeyPair.dev("//Alice").address().ss58())).findFirst().orElseThrow();
        assertTrue(alice.getInt("reveals") >= 1, alice.toString());
        assertTrue(now.getJsonObject("randao").getInt("reveals") >= 1);
        int height = now.getInt("height");
        assertTrue(height == 1 || height % now.getInt("epochBlocks") == 0
                        || alice.getJsonObject("work").getInt("voteSlots") >= 1,
                "blocks after the first count the work of the block before, until the period closes: " + alice);
        assertEquals(now.getJsonNumber("epoch").longValue() + 1, now.getJsonObject("nextEpoch").getJsonNumber("epoch").longValue());
        assertFalse(now.getJsonObject("nextEpoch").getJsonArray("onDuty").isEmpty());
        api.submit(api.sign(dave, api.nextNonce(dave.address()), api.minFee(),
                new cess.staking.model.StakingCall.Unbond())).expect(202);
        assertTrue(api.get("/api/validators?pending=true").json().getJsonArray("candidates").stream()
                .map(v -> v.asJsonObject()).filter(v -> v.getString("account").equals(dave.address().ss58()))
                .findFirst().orElseThrow().getBoolean("leaving"));
    }

    @Test
    void malformedJsonIsRefused() {
        assertUnchanged(() -> api.postJson("/api/transactions", "{\"sender\": ").error(400, "malformed_json"));
        assertUnchanged(() -> api.postJson("/api/transactions", "[1,2]").error(400, "malformed_json"));
        assertUnchanged(() -> api.postJson("/api/transactions", "").error(400, "malformed_json"));
        // nested past the parser's limit (1,000): a 400 like any other malformed body, not a 500
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertUnchanged(() -> api.postJson("/api/transactions", "{\"sender\":" + deep + "}").error(400, "malformed_json"));
        assertUnchanged(() -> api.postJson("/api/transactions/batch", deep).error(400, "malformed_json"));
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        String good = TransactionJson.toJson(eveTransfer(api.nextNonce(EVE.address()), "1")).toString();
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions", good.replaceAll("\"fee\":\"[0-9]+\",", ""))
                .error(400, "invalid_transaction")).contains("fee"));
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions", good.replace("\"nonce\":", "\"nonce\":\"x\",\"n\":"))
                .error(400, "invalid_transaction")).contains("nonce"));
    }

    @Test
    void badSignatureIsRefused() {
        SignedTransaction stx = eveTransfer(api.nextNonce(EVE.address()), "1");
        byte[] sig = stx.signature().bytes();
        sig[0] ^= 1;
        SignedTransaction forged = new SignedTransaction(stx.tx(), cess.shared.Signature.of(sig));
        assertUnchanged(() -> api.submit(forged).error(400, "bad_signature"));
        assertEquals(404, api.get("/api/transactions/" + forged.hash().hex()).status());
    }

    @Test
    void transactionSignedForAnotherChainIsRefused() {
        SignedTransaction other = new Transaction(EVE.address(), api.nextNonce(EVE.address()), api.minFee(),
                new Transfer(BOB.address(), Amount.cess(1))).sign(EVE, Hash.ZERO);
        assertUnchanged(() -> api.submit(other).error(400, "bad_signature"));
    }

    @Test
    void replayedDuplicateAndOutOfOrderNoncesAreRefused() {
        long nonce = api.nextNonce(EVE.address());
        SignedTransaction first = eveTransfer(nonce, "0.5");
        api.submit(first).expect(202);
        assertEquals("included", api.awaitFinal(first.hash().hex(), FINALITY).getString("status"));
        assertUnchanged(() -> api.submit(first).error(409, "duplicate"));
        assertTrue(assertUnchanged(() -> api.submit(eveTransfer(nonce, "0.7")).error(409, "nonce_replayed"))
                .contains("already used"));
        assertUnchanged(() -> api.submit(eveTransfer(nonce + 5, "0.7")).error(409, "nonce_gap"));
    }

    @Test
    void aBatchAdmitsEachTransactionOnItsOwn() {
        KeyPair fresh = KeyPair.fromSeed(Hash.sha256(("batch " + System.nanoTime()).getBytes()).bytes());
        long nonce = api.nextNonce(BOB.address());
        SignedTransaction a = api.transfer(BOB, fresh.address(), Amount.cess(1), nonce);
        SignedTransaction b = api.transfer(BOB, fresh.address(), Amount.cess(2), nonce + 1);
        SignedTransaction gap = api.transfer(BOB, fresh.address(), Amount.cess(4), nonce + 5);
        SignedTransaction c = api.transfer(BOB, fresh.address(), Amount.cess(3), nonce + 2);
        JsonObject r = api.postJson("/api/transactions/batch", batch(a, b, gap, b, c)).expect(200).json();
        assertEquals(3, r.getInt("accepted"));
        assertEquals(2, r.getInt("refused"));
        List<JsonObject> items = r.getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals(List.of("pending", "pending", "refused", "refused", "pending"),
                items.stream().map(i -> i.getString("status")).toList());
        assertEquals(List.of(a, b, gap, b, c).stream().map(t -> t.hash().hex()).toList(),
                items.stream().map(i -> i.getString("hash")).toList(), "each item's hash, in order");
        assertEquals("nonce_gap", items.get(2).getString("error"));
        assertEquals("duplicate", items.get(3).getString("error"), "the same transaction twice in one batch");
        assertEquals(nonce + 2, items.get(4).getJsonNumber("nonce").longValue());
        assertEquals("included", api.awaitFinal(c.hash().hex(), FINALITY).getString("status"));
        assertEquals("included", api.get("/api/transactions/" + a.hash().hex()).json().getString("status"));
        assertEquals(Amount.cess(6), api.free(fresh.address()));
        assertEquals(404, api.get("/api/transactions/" + gap.hash().hex()).status(), "a refused item leaves no trace");
    }

    @Test
    void aBatchWithAMalformedItemAdmitsNothing() {
        long nonce = api.nextNonce(EVE.address());
        String good = batch(eveTransfer(nonce, "1"));
        String item = good.substring(1, good.length() - 1);
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions/batch", "[" + item + ",{\"sender\":1}]")
                .error(400, "invalid_transaction")).contains("item 1"));
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions/batch", "[" + item + ",5]")
                .error(400, "invalid_transaction")).contains("item 1"));
        assertUnchanged(() -> api.postJson("/api/transactions/batch", "[]").error(400, "invalid_batch"));
        assertUnchanged(() -> api.postJson("/api/transactions/batch", item).error(400, "malformed_json"));
        assertUnchanged(() -> api.postJson("/api/transactions/batch", "[" + item).error(400, "malformed_json"));
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, item)) + "]";
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions/batch", tooMany).error(400, "invalid_batch"))
                .contains("1001"));
        byte[] big = new byte[1_100_000];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        assertUnchanged(() -> api.post("/api/transactions/batch", "application/json", big).error(413, "body_too_large"));
        // A well-formed item with a bad signature is refused on its own, like a single submission.
        SignedTransaction stx = eveTransfer(nonce, "1");
        byte[] sig = stx.signature().bytes();
        sig[0] ^= 1;
        SignedTransaction forged = new SignedTransaction(stx.tx(), cess.shared.Signature.of(sig));
        JsonObject r = assertUnchanged(() -> api.postJson("/api/transactions/batch", batch(forged)).expect(200).json());
        assertEquals(0, r.getInt("accepted"));
        assertEquals("bad_signature", r.getJsonArray("results").getJsonObject(0).getString("error"));
    }

    private static String batch(SignedTransaction... txs) {
        return java.util.Arrays.stream(txs).map(t -> TransactionJson.toJson(t).toString())
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    void malformedAddressesAreRefused() {
        assertTrue(api.get("/api/accounts/cXnotAnAddress").error(400, "invalid_address").contains("malformed"));
        assertTrue(api.get("/api/accounts/5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV")
                .error(400, "invalid_address").contains("not CESS"));
        String good = TransactionJson.toJson(eveTransfer(api.nextNonce(EVE.address()), "1")).toString();
        String badDest = good.replace(BOB.address().ss58(), BOB.address().ss58().substring(0, 40) + "11111111");
        assertTrue(assertUnchanged(() -> api.postJson("/api/transactions", badDest).error(400, "invalid_transaction"))
                .contains("dest"));
    }

    @Test
    void insufficientBalanceIsRefused() {
        KeyPair pauper = KeyPair.fromSeed(Hash.sha256("pauper".getBytes()).bytes());
        SignedTransaction stx = api.transfer(pauper, BOB.address(), Amount.cess(1), 0);
        api.submit(stx).error(422, "insufficient_balance");
        assertEquals(Amount.ZERO, api.free(pauper.address()));
        assertUnchanged(() -> api.submit(eveTransfer(api.nextNonce(EVE.address()), "1000000000"))
                .error(422, "insufficient_balance"));
    }

    @Test
    void feeBelowMinimumIsRefused() {
        SignedTransaction cheap = api.sign(EVE, api.nextNonce(EVE.address()), Amount.ofUnits(1), new Transfer(BOB.address(), Amount.cess(1)));
        assertUnchanged(() -> api.submit(cheap).error(422, "fee_too_low"));
    }

    @Test
    void oversizeAndWrongTypeBodiesAreRefused() {
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) ' ');
        assertUnchanged(() -> api.post("/api/transactions", "application/json", big).error(413, "body_too_large"));
        assertUnchanged(() -> api.post("/api/transactions", "text/plain", "{}".getBytes()).error(415, "unsupported_media_type"));
    }

    @Test
    void lookupsOfUnknownOrMalformedThings() {
        api.get("/api/transactions/" + Hash.ZERO.hex()).error(404, "not_found");
        api.get("/api/transactions/0x1234").error(400, "invalid_hash");
        api.get("/api/chain/blocks/abc").error(400, "invalid_height");
        api.get("/api/chain/blocks/-1").error(400, "invalid_height");
        api.get("/api/chain/blocks/999999999").error(404, "not_found");
        api.get("/api/no-such-thing").error(404, "not_found");
    }

    @Test
    void adminEndpointNeedsTheAdminRole() {
        assertTrue(api.get("/api/admin/node").error(401, "unauthorized").contains("login"));
        assertTrue(api.get("/api/admin/node").raw().headers().firstValue("WWW-Authenticate").isPresent());
        api.get("/api/admin/node", "admin", "wrong-password").error(401, "unauthorized");
        api.get("/api/admin/node", "viewer", "cess-devnet-viewer").error(403, "forbidden");
        JsonObject info = api.get("/api/admin/node", "admin", "cess-devnet-admin").expect(200).json();
        assertEquals(KeyPair.dev("//Alice").address().ss58(), info.getString("account"));
        assertTrue(info.getBoolean("validator"));
        JsonObject config = info.getJsonObject("config");
        assertEquals("****", config.getString("cess.admin.password"));
        assertEquals("****", config.getString("cess.viewer.password"));
        assertFalse(info.toString().contains("cess-devnet-admin"), "no secret leaves the node");
        assertTrue(config.getString("cess.db.url").startsWith("jdbc:h2:file:"));
    }

    /**
     * Password guessing on the admin API: after 5 wrong passwords a user waits (429, its password
     * not even checked, the right one included) for a back-off that starts at 1 s; another user
     * from the same address still gets in, and the user does after the back-off. Every failure
     * and refusal is in the audit log.
     */
    @Test
    void failedAdminLoginsAreThrottledAndAudited() throws Exception {
        Path audit = Path.of(System.getProperty("cess.it.dir"), "arquillian-node", "audit.0.log");
        long before = Files.exists(audit) ? Files.size(audit) : 0;
        for (int i = 0; i < 5; i++) {
            api.get("/api/admin/node", "viewer", "guess-" + i).error(401, "unauthorized");
        }
        NodeApi.Reply throttled = api.get("/api/admin/node", "viewer", "cess-devnet-viewer");
        assertTrue(throttled.error(429, "too_many_attempts").contains("try again in 1 s"), throttled.body());
        assertEquals("1", throttled.raw().headers().firstValue("Retry-After").orElse(null));
        api.get("/api/admin/node", "admin", "cess-devnet-admin").expect(200);
        Thread.sleep(1_100);
        api.get("/api/admin/node", "viewer", "cess-devnet-viewer").error(403, "forbidden");

        byte[] log = Files.readAllBytes(audit);
        List<String> lines = new String(log, (int) before, log.length - (int) before, StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.stream().filter(l -> l.contains("\"event\":\"login_failed\"") && l.contains("\"user\":\"viewer\"")
                && l.contains("\"channel\":\"admin_api\"") && l.contains("\"address\":")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("\"event\":\"login_throttled\"") && l.contains("\"user\":\"viewer\""))
                .count(), lines.toString());
        assertFalse(new String(log, StandardCharsets.UTF_8).contains("guess-"), "no password is logged");
    }

    @Test
    void healthAndOpenApiAnswer() throws Exception {
        // Payara serves both at the server root, whatever the application's context root.
        URL root = new URL(url.getProtocol(), url.getHost(), url.getPort(), "/");
        NodeApi server = new NodeApi(root.toString());
        JsonObject health = server.get("/health").expect(200).json();
        assertEquals("UP", health.getString("status"));
        assertTrue(health.toString().contains("headHeight"));
        NodeApi.Reply openapi = server.get("/openapi").expect(200);
        assertTrue(openapi.body().contains("/api/transactions"), "OpenAPI documents the transaction endpoint");
    }

    private SignedTransaction eveTransfer(long nonce, String cess) {
        return api.transfer(EVE, BOB.address(), Amount.parseCess(cess), nonce);
    }

    /** Runs a refused request and asserts that Eve's account and the pool did not move. */
    private <T> T assertUnchanged(Supplier<T> refused) {
        JsonObject before = api.account(EVE.address());
        T result = refused.get();
        JsonObject after = api.account(EVE.address());
        assertEquals(before, after, "a refused request must not change state");
        return result;
    }

    /**
     * A whole DAO round on the devnet's governance parameters (a minute of voting, 5 s before
     * enactment, a 5 % quorum of about 20 million CESS issued): three proposals at once, one that
     * passes and is paid from the treasury exactly once, one rejected by a landslide (its bond
     * forfeited to the treasury), one without quorum; refusals change nothing; every lock returns.
     */
    @Test
    void proposalsAreVotedOnDecidedAndEnacted() {
        KeyPair charlie = KeyPair.dev("//Charlie");
        KeyPair bob = KeyPair.dev("//Bob");
        KeyPair eve = KeyPair.dev("//Eve");
        KeyPair ferdie = KeyPair.dev("//Ferdie");
        KeyPair dave = KeyPair.dev("//Dave");
        Address beneficiary = KeyPair.fromSeed(Hash.sha256(("beneficiary" + System.nanoTime()).getBytes()).bytes()).address();
        String tag = Long.toString(System.nanoTime());
        Amount fee = api.minFee();
        Amount charlieBefore = api.free(charlie.address());
        Amount bobBefore = api.free(bob.address());
        JsonObject treasuryBefore = api.get("/api/treasury").expect(200).json();

        // refusals: each a clear 4xx, nothing stored
        api.submit(api.sign(charlie, api.nextNonce(charlie.address()), fee, new cess.governance.model.GovernanceCall.Propose(
                new cess.governance.model.Action.Funding(beneficiary, Amount.cess(1)), "x", "ftp://nope")))
                .error(400, "invalid_argument");
        api.submit(api.sign(charlie, api.nextNonce(charlie.address()), fee, new cess.governance.model.GovernanceCall.Propose(
                new cess.governance.model.Action.ParamChange("epochBlocks", "5"), "x", ""))).error(400, "invalid_argument");
        api.get("/api/governance/proposals?state=bogus").error(400, "invalid_state");
        api.get("/api/governance/proposals/nine").error(400, "invalid_proposal");
        api.get("/api/governance/proposals/99999999").expect(404);

        long passing = propose(charlie, beneficiary, 1_000, "pays " + tag);
        long rejected = propose(charlie, beneficiary, 2_000, "loses " + tag);
        long quiet = propose(charlie, beneficiary, 10, "nobody cares " + tag);
        vote(bob, passing, "aye", 600_000);
        vote(eve, passing, "aye", 500_000);
        vote(ferdie, rejected, "nay", 700_000);
        vote(dave, rejected, "nay", 400_000);
        vote(charlie, quiet, "abstain", 10_000);
        // Bob's tokens are locked on the first proposal: they cannot weigh on a second
        api.submit(api.sign(bob, api.nextNonce(bob.address()), fee, new cess.governance.model.GovernanceCall.Cast(rejected,
                cess.governance.model.Vote.Choice.AYE, Amount.cess(600_000)))).error(422, "insufficient_balance");

        JsonObject open = api.get("/api/governance/proposals/" + passing).expect(200).json();
        assertEquals("voting", open.getString("status"));
        assertEquals(Amount.cess(1_100_000).toString(), open.getJsonObject("tally").getString("ayes"));
        assertTrue(open.getJsonObject("tally").getBoolean("quorate"));
        assertEquals("passed", open.getJsonObject("tally").getString("verdictIfEndedNow"));
        assertEquals(2, open.getJsonArray("votes").size());
        assertTrue(open.getJsonNumber("timeLeftMillis").longValue() > 0);
        assertEquals(Amount.cess(50).toString(), open.getString("bond"), "5 % of 1,000 CESS");
        assertTrue(api.get("/api/governance/proposals?state=voting").expect(200).json().getJsonArray("proposals").stream()
                .anyMatch(p -> p.asJsonObject().getJsonNumber("id").longValue() == passing));

        JsonObject enacted = awaitStatus(passing, "enacted", Duration.ofSeconds(120));
        assertTrue(enacted.getString("note").startsWith("paid 1000"), enacted.getString("note"));
        assertEquals("rejected", awaitStatus(rejected, "rejected", Duration.ofSeconds(10)).getString("status"));
        assertTrue(api.get("/api/governance/proposals/" + rejected).json().getString("note").contains("forfeited"));
        assertEquals("expired", awaitStatus(quiet, "expired", Duration.ofSeconds(10)).getString("status"));

        assertEquals(Amount.cess(1_000), api.free(beneficiary), "paid once");
        // Charlie paid 4 fees and lost the 100 CESS bond of the landslide; the other bonds came back
        assertEquals(charlieBefore.minus(fee.times(4)).minus(Amount.cess(100)), api.free(charlie.address()));
        assertEquals(bobBefore.minus(fee), api.free(bob.address()), "the vote's lock is released");

        JsonObject treasury = api.get("/api/treasury").expect(200).json();
        List<JsonObject> moves = treasury.getJsonArray("movements").getValuesAs(JsonObject.class);
        assertEquals(1, moves.stream().filter(m -> m.getString("kind").equals("payout")
                && m.getJsonNumber("proposal").longValue() == passing).count());
        JsonObject payout = moves.stream().filter(m -> m.getString("kind").equals("payout")
                && m.getJsonNumber("proposal").longValue() == passing).findFirst().orElseThrow();
        assertEquals(beneficiary.ss58(), payout.getString("counterparty"));
        assertEquals(Amount.cess(1_000).toString(), payout.getString("amount"));
        assertTrue(moves.stream().anyMatch(m -> m.getString("kind").equals("bond_forfeited")
                && m.getJsonNumber("proposal").longValue() == rejected && m.getString("amount").equals(Amount.cess(100).toString())));
        assertTrue(moves.stream().anyMatch(m -> m.getString("kind").equals("fees")));
        assertEquals(treasury.getString("balance"), moves.get(0).getString("balanceAfter"),
                "the log's last balance is the treasury's");
        assertTrue(Amount.parseUnits(treasury.getString("balance")).compareTo(
                Amount.parseUnits(treasuryBefore.getString("balance")).minus(Amount.cess(1_000))) > 0);
        assertTrue(api.get("/api/governance/parameters").expect(200).json().getJsonArray("parameters").size() >= 10);
    }

    @Test
    void gatewaysRegisterMoveAndLeaveThroughSignedTransactions() {
        Address alice = KeyPair.dev("//Alice").address();
        JsonObject devnet = api.get("/api/gateways").expect(200).json();
        assertTrue(devnet.getJsonArray("gateways").getValuesAs(JsonObject.class).stream().anyMatch(g ->
                g.getString("account").equals(alice.ss58()) && g.getString("state").equals("active")
                        && g.getJsonNumber("registeredHeight").longValue() == 0), "the devnet node's gateway: " + devnet);
        assertEquals("http://127.0.0.1:8080", api.get("/api/gateways/" + alice.ss58()).expect(200).json().getString("endpoint"),
                "the genesis's default endpoint (this node has no cess.public.url)");

        // a second account, funded for its fees
        KeyPair gw = KeyPair.fromSeed(Hash.sha256(("gateway" + System.nanoTime()).getBytes()).bytes());
        KeyPair charlie = KeyPair.dev("//Charlie");
        SignedTransaction fund = api.transfer(charlie, gw.address(), Amount.cess(10), api.nextNonce(charlie.address()));
        api.submit(fund).expect(202);
        assertEquals("included", api.awaitFinal(fund.hash().hex(), FINALITY).getString("status"));
        String path = "/api/gateways/" + gw.address().ss58();
        api.get(path).error(404, "not_found");

        // refusals before registering: each a clear 4xx, nothing stored, no fee taken
        Amount funded = api.free(gw.address());
        assertTrue(send(gw, new cess.oss.model.OssCall.RegisterGateway("ftp://gw.example")).error(400, "invalid_argument")
                .contains("http:// or https://"));
        assertTrue(send(gw, new cess.oss.model.OssCall.RegisterGateway("https://user:pw@gw.example"))
                .error(400, "invalid_argument").contains("user info"));
        send(gw, new cess.oss.model.OssCall.UpdateGateway("https://gw.example")).error(404, "not_found");
        send(gw, new cess.oss.model.OssCall.DeregisterGateway()).error(404, "not_found");
        assertEquals(funded, api.free(gw.address()), "refused transactions cost nothing");
        api.get(path).error(404, "not_found");

        String endpoint = "https://gw.example:8443/cess";
        settle(gw, new cess.oss.model.OssCall.RegisterGateway(endpoint));
        JsonObject registered = api.get(path).expect(200).json();
        assertEquals(endpoint, registered.getString("endpoint"));
        assertEquals("active", registered.getString("state"));
        long at = registered.getJsonNumber("registeredHeight").longValue();
        assertTrue(at > 0);
        assertEquals(funded.minus(api.minFee()), api.free(gw.address()), "the fee and no deposit, as in CESS's oss pallet");
        assertTrue(listed("active", gw.address()), "listed once registered");
        send(gw, new cess.oss.model.OssCall.RegisterGateway("https://other.example")).error(409, "already_exists");
        KeyPair eve = KeyPair.dev("//Eve");
        send(eve, new cess.oss.model.OssCall.UpdateGateway("https://eve.example")).error(404, "not_found");
        send(eve, new cess.oss.model.OssCall.DeregisterGateway()).error(404, "not_found");

        settle(gw, new cess.oss.model.OssCall.UpdateGateway("http://10.0.0.9:8080"));
        JsonObject moved = api.get(path).expect(200).json();
        assertEquals("http://10.0.0.9:8080", moved.getString("endpoint"));
        assertEquals(at, moved.getJsonNumber("registeredHeight").longValue());
        assertTrue(moved.getJsonNumber("updatedHeight").longValue() > at);
        send(gw, new cess.oss.model.OssCall.UpdateGateway("http://10.0.0.9:8080")).error(400, "invalid_argument");

        settle(gw, new cess.oss.model.OssCall.DeregisterGateway());
        assertEquals("deregistered", api.get(path).expect(200).json().getString("state"));
        assertFalse(listed("active", gw.address()), "the default list shows active gateways only");
        assertTrue(listed("deregistered", gw.address()));
        assertTrue(listed("all", gw.address()));
        send(gw, new cess.oss.model.OssCall.DeregisterGateway()).error(404, "not_found");

        // paging: one at a time, every gateway once
        JsonObject first = api.get("/api/gateways?state=all&limit=1").expect(200).json();
        assertEquals(1, first.getJsonArray("gateways").size());
        String next = first.getString("nextAfter");
        JsonObject second = api.get("/api/gateways?state=all&limit=1&after=" + next).expect(200).json();
        assertTrue(second.getJsonArray("gateways").getJsonObject(0).getString("account").compareTo(next) > 0);
        // bad input
        api.get("/api/gateways?limit=0").error(400, "invalid_limit");
        api.get("/api/gateways?limit=ten").error(400, "invalid_limit");
        api.get("/api/gateways?after=nobody").error(400, "invalid_after");
        api.get("/api/gateways?state=gone").error(400, "invalid_state");
        api.get("/api/gateways/cXnope").error(400, "invalid_address");
        String good = TransactionJson.toJson(api.sign(gw, api.nextNonce(gw.address()), api.minFee(),
                new cess.oss.model.OssCall.RegisterGateway(endpoint))).toString();
        assertTrue(api.postJson("/api/transactions", good.replace("\"endpoint\":", "\"endpoints\":"))
                .error(400, "invalid_transaction").contains("endpoint"));
    }

    private NodeApi.Reply send(KeyPair who, cess.ledger.model.Call call) {
        return api.submit(api.sign(who, api.nextNonce(who.address()), api.minFee(), call));
    }

    private void settle(KeyPair who, cess.ledger.model.Call call) {
        String hash = send(who, call).expect(202).json().getString("hash");
        JsonObject fin = api.awaitFinal(hash, FINALITY);
        assertEquals("included", fin.getString("status"), fin.toString());
    }

    private boolean listed(String state, Address account) {
        return api.get("/api/gateways?state=" + state + "&limit=1000").expect(200).json().getJsonArray("gateways")
                .getValuesAs(JsonObject.class).stream().anyMatch(g -> g.getString("account").equals(account.ss58()));
    }

    private long propose(KeyPair who, Address beneficiary, long tokens, String description) {
        SignedTransaction stx = api.sign(who, api.nextNonce(who.address()), api.minFee(),
                new cess.governance.model.GovernanceCall.Propose(new cess.governance.model.Action.Funding(beneficiary,
                        Amount.cess(tokens)), description, "https://example.org/" + tokens));
        api.submit(stx).expect(202);
        assertEquals("included", api.awaitFinal(stx.hash().hex(), FINALITY).getString("status"));
        return api.get("/api/governance/proposals?state=voting&limit=500").expect(200).json().getJsonArray("proposals")
                .getValuesAs(JsonObject.class).stream().filter(p -> p.getString("description").equals(description))
                .findFirst().orElseThrow().getJsonNumber("id").longValue();
    }

    private void vote(KeyPair who, long proposal, String choice, long tokens) {
        SignedTransaction stx = api.sign(who, api.nextNonce(who.address()), api.minFee(),
                new cess.governance.model.GovernanceCall.Cast(proposal,
                        cess.governance.model.Vote.Choice.valueOf(choice.toUpperCase(java.util.Locale.ROOT)), Amount.cess(tokens)));
        api.submit(stx).expect(202);
        assertEquals("included", api.awaitFinal(stx.hash().hex(), FINALITY).getString("status"));
    }

    private JsonObject awaitStatus(long proposal, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject p;
        do {
            p = api.get("/api/governance/proposals/" + proposal).expect(200).json();
            if (p.getString("status").equals(status)) {
                return p;
            }
            NodeApi.sleep(500);
        } while (System.nanoTime() < deadline);
        return org.junit.jupiter.api.Assertions.fail("proposal " + proposal + " is " + p.getString("status") + ", not " + status);
    }
}
