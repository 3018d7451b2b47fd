package cess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.Hex;
import cess.shared.KeyPair;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The admin console in a real browser: Debian's headless Chromium driven by its chromedriver.
 * Signs in (a wrong password first), looks at the dashboard (screenshots at a laptop's and a
 * phone's width go to {@code target/console-*.png}), submits a funding proposal signed in the
 * browser with WebCrypto Ed25519, votes on it with another browser-held key and then with the
 * node's operator key, and sees the tally change each time. The accounts are fresh (funded by
 * Alice through the API) so that nothing here locks tokens another test counts on. And replays
 * the attack of issue #17: a page stored as an object, opened by a signed-in admin, tries to sign
 * a transfer with the operator key.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration FINALITY = Duration.ofSeconds(30);

    @ArquillianResource
    URL url;
    NodeApi api;
    WebDriver browser;
    WebDriverWait wait;
    Path profile;

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("cess.war")));
    }

    @BeforeEach
    void open() throws IOException {
        api = new NodeApi(url.toString());
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("cess-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", profile.resolve("downloads").toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The node as the browser sees it: on 127.0.0.1, a secure context, where WebCrypto is available. */
    String base() {
        String path = url.getPath().endsWith("/") ? url.getPath().substring(0, url.getPath().length() - 1) : url.getPath();
        return "http://127.0.0.1:" + url.getPort() + path;
    }

    WebElement testId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + id + "']")));
    }

    void signIn(String user, String password) {
        WebElement submit = wait.until(ExpectedConditions.elementToBeClickable(By.id("submit")));
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        submit.click();
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    KeyPair funded(String name, long cess) {
        KeyPair k = KeyPair.fromSeed(Hash.sha256((name + System.nanoTime()).getBytes()).bytes());
        KeyPair alice = KeyPair.dev("//Alice");
        var stx = api.transfer(alice, k.address(), Amount.cess(cess), api.nextNonce(alice.address()));
        api.submit(stx).expect(202);
        assertEquals("included", api.awaitFinal(stx.hash().hex(), FINALITY).getString("status"));
        return k;
    }

    void useBrowserKey(KeyPair key) {
        WebElement input = testId("key-input");
        input.sendKeys(Hex.encode(key.seed()));
        testId("use-key").click();
        String publicKey = Hex.encode(key.address().bytes()).substring(2, 14);
        wait.until(ExpectedConditions.or(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='signer']"), publicKey),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#toast.error"))));
        String signer = testId("signer").getText();
        assertTrue(signer.contains("Signing in this browser") && signer.contains(publicKey),
                () -> "the browser did not take the key: " + browser.findElement(By.id("toast")).getText());
    }

    @Test
    void signInProposeVoteAndWatchTheTally() throws IOException {
        KeyPair proposer = funded("console-proposer", 1_000);
        KeyPair voter = funded("console-voter", 5_000);
        KeyPair beneficiary = KeyPair.fromSeed(Hash.sha256(("console-beneficiary" + System.nanoTime()).getBytes()).bytes());

        // Pages need a signed-in user; a wrong password is refused with a message.
        browser.get(base() + "/console/");
        wait.until(ExpectedConditions.urlContains("/console/login"));
        signIn("admin", "not-the-password");
        wait.until(ExpectedConditions.urlContains("error=credentials"));
        assertTrue(browser.findElement(By.id("message")).getText().contains("Wrong user or password"));
        signIn("admin", "cess-devnet-admin");
        wait.until(ExpectedConditions.urlMatches(".*/console/(#.*)?$"));

        // The dashboard: head, treasury, validators, miners.
        assertTrue(testId("head").getText().contains("Chain head"));
        assertTrue(testId("treasury").getText().contains("CESS"));
        // other tests on this node's chain may bond candidates or register miners: at least the devnet's own
        JsonObject onDuty = api.get("/api/validators").expect(200).json();
        assertTrue(testId("validators").getText().contains("Validators on duty (" + onDuty.getJsonArray("onDuty").size() + ")"));
        assertTrue(testId("validators").getText().contains("cXiuzataXE…VGs7ch"), "Alice, the devnet's validator");
        int miners = api.get("/api/storage/miners").expect(200).json().getJsonArray("miners").size();
        assertTrue(miners >= 6);
        assertTrue(testId("miners").getText().contains("Storage miners (" + miners + ")"));
        assertEquals("admin (admin, viewer)", browser.findElement(By.id("user")).getText());
        screenshot("console-dashboard.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        testId("head");
        screenshot("console-dashboard-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // The miners view: each miner's storage proofs and status line, from /api/audit/miners.
        browser.get(base() + "/console/#/miners");
        int audited = api.get("/api/audit/miners").expect(200).json().getJsonArray("miners").size();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='miner-audit'] h2"),
                "Storage miners and their proofs (" + audited + ")"));
        assertTrue(testId("audit-status").getText().contains("challenge"), testId("audit-status").getText());
        screenshot("console-miners.png");

        // A funding proposal, signed in the browser with the proposer's key.
        String description = "Console test grant " + System.nanoTime();
        browser.get(base() + "/console/#/new");
        testId("beneficiary").sendKeys(beneficiary.address().ss58());
        testId("amount").sendKeys("300");
        testId("description").sendKeys(description);
        useBrowserKey(proposer);
        testId("propose-submit").click();
        wait.until(ExpectedConditions.urlMatches(".*#/proposals/\\d+$"));
        String id = browser.getCurrentUrl().replaceAll(".*#/proposals/", "");
        WebElement page = testId("proposal");
        assertTrue(page.getText().contains(description), page.getText());
        assertTrue(page.getText().contains("VOTING") || page.getText().contains("voting"), page.getText());
        JsonObject onChain = api.get("/api/governance/proposals/" + id).expect(200).json();
        assertEquals(proposer.address().ss58(), onChain.getString("proposer"));
        assertEquals(Amount.cess(15).toString(), onChain.getString("bond"), "5 % of 300 CESS");

        // A vote signed in the browser by another key: the tally shows it.
        assertEquals("Aye 0", testId("ayes").getText());
        useBrowserKey(voter);
        testId("vote-amount").sendKeys("1234.5");
        testId("vote-submit").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='ayes']"), "Aye 1,234.5"));
        assertEquals(1, testId("votes").findElements(By.tagName("tr")).size());
        assertEquals(Amount.cess(5_000).minus(Amount.parseCess("1234.5")).minus(api.minFee()), api.free(voter.address()),
                "1,234.5 CESS of the voter's 5,000 are locked (and a fee paid)");

        // The node's operator key (admin only) votes nay, once the admin gives the password again.
        testId("use-operator").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='signer']"),
                "operator key"));
        testId("vote-nay").click();
        testId("vote-amount").sendKeys("2");
        testId("operator-password").sendKeys("not-the-password");
        testId("vote-submit").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "wrong_password"));
        assertEquals(1, api.get("/api/governance/proposals/" + id).json().getJsonArray("votes").size(), "nothing signed");
        assertEquals("", testId("operator-password").getAttribute("value"), "the password is asked for each signature");
        testId("operator-password").sendKeys("cess-devnet-admin");
        testId("vote-submit").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid='nays']"), "Nay 2"));
        assertEquals(2, testId("votes").findElements(By.tagName("tr")).size());
        screenshot("console-proposal.png");

        // The list with its state filter shows the proposal with its live tally.
        browser.get(base() + "/console/#/proposals?state=voting");
        WebElement card = testId("proposal-" + id);
        assertTrue(card.getText().contains("Aye 1,234.5"), card.getText());
        browser.findElement(By.cssSelector("[data-state='enacted']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid='proposal-" + id + "']")));

        // A bad amount is refused in the page with a message, and nothing is sent.
        browser.get(base() + "/console/#/proposals/" + id);
        testId("vote-amount").sendKeys("lots");
        testId("vote-submit").click();
        WebElement toast = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toast")));
        assertTrue(toast.getText().contains("not an amount"), toast.getText());
        assertEquals(2, api.get("/api/governance/proposals/" + id).json().getJsonArray("votes").size());

        // Signing out ends the session: the console asks for a sign-in again.
        browser.findElement(By.cssSelector("#signout button")).click();
        wait.until(ExpectedConditions.urlContains("signedout"));
        browser.get(base() + "/console/");
        wait.until(ExpectedConditions.urlContains("/console/login"));
    }

    @Test
    void viewersMayLookButNotSignWithTheOperatorKey() {
        browser.get(base() + "/console/login");
        signIn("viewer", "cess-devnet-viewer");
        wait.until(ExpectedConditions.urlMatches(".*/console/(#.*)?$"));
        assertEquals("viewer (viewer)", testId("head").findElement(By.xpath("/html/body/header/div/span")).getText());
        browser.get(base() + "/console/#/new");
        testId("key-input");
        List<WebElement> operator = browser.findElements(By.cssSelector("[data-testid='use-operator']"));
        assertTrue(operator.isEmpty(), "no operator-key button for a viewer");
        // and the endpoint itself refuses a viewer, even with the session's CSRF token
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('../api/console/session').then(r => r.json()).then(s =>
                  fetch('../api/console/transactions', {method: 'POST', headers: {'Content-Type': 'application/json',
                    'X-CSRF-Token': s.csrf}, body: JSON.stringify({call: {type: 'cancel', proposal: 1}})}))
                  .then(r => done(r.status)).catch(e => done(String(e)));
                """);
        assertEquals(403L, status);
        assertFalse(browser.getPageSource().contains("cess-devnet-viewer"));
    }

    /**
     * Issue #17's attack: an account with an S3 key stores a page (as text/html, and as text/plain
     * read with response-content-type=text/html) whose script reads the CSRF token from the
     * console session and asks the node to sign a transfer with its operator key. A signed-in
     * admin opens the presigned links: the object is an attachment under CSP sandbox, the browser
     * downloads it instead of running it, and no transfer is made. Even a script on the console's
     * own pages cannot sign without the admin's password, nor pass the CSRF token in a URL.
     */
    @Test
    void aStoredPageCannotSignWithTheOperatorKey() throws Exception {
        KeyPair target = KeyPair.fromSeed(Hash.sha256(("console-attack" + System.nanoTime()).getBytes()).bytes());
        String page = """
                <!doctype html><title>invite</title><p>You are invited.</p>
                <script>
                document.title = 'ran';
                fetch('../api/console/session').then(r => r.json()).then(s => fetch('../api/console/transactions', {
                  method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf},
                  body: JSON.stringify({call: {type: 'transfer', dest: '%s', amount: '1000000000000000000000'}})}))
                  .then(r => { document.title = 'sent ' + r.status; });
                </script>
                """.formatted(target.address().ss58());
        String bucket = "invite-" + System.nanoTime();
        URI endpoint = URI.create(base());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("devnet", "devnet-secret"));
        S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        URI asHtml;
        URI asOverride;
        String fid;
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .serviceConfiguration(pathStyle).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
             S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).serviceConfiguration(pathStyle).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("invite.html").contentType("text/html"), RequestBody.fromString(page));
            s3.putObject(b -> b.bucket(bucket).key("notes.txt").contentType("text/plain"), RequestBody.fromString(page));
            fid = s3.headObject(b -> b.bucket(bucket).key("invite.html")).sdkHttpResponse().firstMatchingHeader("x-cess-fid")
                    .orElseThrow();
            asHtml = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(b -> b.bucket(bucket).key("invite.html"))).url().toURI();
            asOverride = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(b -> b.bucket(bucket).key("notes.txt").responseContentType("Text/HTML; charset=utf-8")
                            .responseContentDisposition("inline; filename=\"notes.html\""))).url().toURI();
        }
        HttpClient http = HttpClient.newHttpClient();
        for (URI u : List.of(asHtml, asOverride)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(page, r.body());
            assertEquals("sandbox", r.headers().firstValue("Content-Security-Policy").orElse(null), u.toString());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"), r.headers().toString());
        }
        assertEquals("attachment; filename=\"notes.html\"", http.send(HttpRequest.newBuilder(asOverride).GET().build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Disposition").orElse(null));
        HttpResponse<byte[]> nativeGet = api.requestBytes("GET", "/api/files/" + fid,
                api.signed(KeyPair.dev("//Alice"), "GET", "/api/files/" + fid, null, 60));
        assertEquals(200, nativeGet.statusCode());
        assertEquals("sandbox", nativeGet.headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals("nosniff", nativeGet.headers().firstValue("X-Content-Type-Options").orElse(null));

        // An admin signs in, then opens the links.
        browser.get(base() + "/console/login");
        signIn("admin", "cess-devnet-admin");
        wait.until(ExpectedConditions.urlMatches(".*/console/(#.*)?$"));
        testId("head");
        Path downloads = profile.resolve("downloads");
        for (URI u : List.of(asHtml, asOverride)) {
            browser.get(u.toString());
        }
        // the browser saved both as files rather than showing them: the script never ran
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(f -> !f.toString().endsWith(".crdownload")).count() == 2;
            } catch (IOException e) {
                return false;
            }
        });
        assertFalse(browser.getTitle().startsWith("ran") || browser.getTitle().startsWith("sent"), browser.getTitle());

        // Even a script on the console's own page, with the session and its CSRF token, cannot sign:
        // the token is refused in the URL, and the operator key needs the admin's password.
        browser.get(base() + "/console/");
        testId("head");
        String attempt = """
                const done = arguments[arguments.length - 1];
                const body = (extra) => JSON.stringify({call: {type: 'transfer', dest: '%s', amount: '1000'}, ...extra});
                fetch('../api/console/session').then(r => r.json()).then(async s => {
                  const inUrl = await fetch('../api/console/transactions?csrf=' + s.csrf, {method: 'POST',
                    headers: {'Content-Type': 'application/json'}, body: body({password: 'cess-devnet-admin'})});
                  const out = [inUrl.status + ' ' + (await inUrl.json()).error];
                  for (const extra of [{}, {password: 'guess'}]) {
                    const r = await fetch('../api/console/transactions', {method: 'POST',
                      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf}, body: body(extra)});
                    out.push(r.status + ' ' + (await r.json()).error);
                  }
                  done(out.join(', '));
                }).catch(e => done(String(e)));
                """.formatted(target.address().ss58());
        assertEquals("403 csrf, 400 missing_password, 403 wrong_password",
                ((JavascriptExecutor) browser).executeAsyncScript(attempt));

        // The console's session cookie alone does not open the admin API (fetched from here: a
        // browser would answer the 401's Basic challenge with a password prompt).
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        assertTrue(cookies.contains("JSESSIONID"), cookies);
        assertTrue(api.request("GET", "/api/console/session", null, "Cookie", cookies).json().getBoolean("authenticated"),
                "the cookie is the signed-in admin's");
        api.request("GET", "/api/admin/node", null, "Cookie", cookies).error(401, "unauthorized");

        // A later transaction is final (so any transfer sent before would be too), and the target got nothing.
        funded("console-witness", 1);
        assertEquals(Amount.ZERO, api.free(target.address()), "no transfer was signed with the operator key");
    }
}
