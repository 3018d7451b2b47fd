package cess.security;

import cess.gateway.model.ReplayGuard;
import cess.gateway.model.SignedRequest;
import cess.shared.Address;
import cess.shared.KeyPair;
import cess.shared.Signature;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Authenticates chain accounts by their request signature ({@link SignedRequest}): the
 * signature must verify under the account's key over the whole request (method, host, path,
 * query, body hash, expiry, nonce), the expiry must lie ahead within its bound, and a header
 * signature's nonce must be new for the account ({@link ReplayGuard}: a second use is 409
 * {@code signature_replayed}; a full guard 503 {@code replay_guard_full}). Presigned links
 * (GET only) carry no nonce and may be used until they expire. The principal is the account's
 * {@link Address}. Thread-safe.
 *
 * <p>Bounds from config: {@code cess.auth.replay.capacity} (default 200,000 nonces, about 40 MB)
 * and {@code cess.auth.replay.per-account} (default 20,000).
 */
public class AccountRealm extends AuthorizingRealm {
    private final ReplayGuard guard;
    private final NonceJournal journal;

    public AccountRealm() {
        setName("cess-accounts");
        // The signature is the credential and is checked while building the info below.
        setCredentialsMatcher(new AllowAllCredentialsMatcher());
        setAuthenticationCachingEnabled(false);
        var config = ConfigProvider.getConfig();
        guard = new ReplayGuard(
                config.getOptionalValue("cess.auth.replay.capacity", Integer.class).orElse(200_000),
                config.getOptionalValue("cess.auth.replay.per-account", Integer.class).orElse(20_000));
        journal = new NonceJournal(Path.of(config.getOptionalValue("cess.data.dir", String.class).orElse("cess-data"))
                .toAbsolutePath().normalize().resolve("nonces"));
        long now = System.currentTimeMillis() / 1000;
        // What this node took before a restart stays refused until it expires.
        journal.load(now).forEach(e -> guard.admit(e.account(), e.nonce(), e.expires(), now));
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof SignedRequestToken;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        SignedRequestToken t = (SignedRequestToken) token;
        Address account;
        try {
            account = Address.parse(t.account());
        } catch (IllegalArgumentException e) {
            throw SignedRequestRefused.unauthorized("the account is not a valid address: " + e.getMessage());
        }
        Optional<String> problem = t.presigned()
                ? SignedRequest.presignedProblem(t.expires(), t.nowSeconds())
                : SignedRequest.claimProblem(new SignedRequest.Claim(t.expires(), t.nonce(), t.bodySha256()),
                        t.nowSeconds());
        if (problem.isPresent()) {
            throw SignedRequestRefused.unauthorized(problem.get());
        }
        if (t.presigned() && !"GET".equals(t.method())) {
            throw SignedRequestRefused.unauthorized("a presigned link is good for GET only, not " + t.method());
        }
        Signature sig;
        try {
            sig = Signature.parse(t.signature());
        } catch (IllegalArgumentException e) {
            throw SignedRequestRefused.unauthorized("the signature must be 64 bytes of hex: " + e.getMessage());
        }
        long expires = Long.parseLong(t.expires());
        String canonical = t.presigned()
                ? SignedRequest.presignedCanonical(t.method(), t.host(), t.rawPath(), t.rawQuery(), expires)
                : SignedRequest.canonical(t.method(), t.host(), t.rawPath(), t.rawQuery(), t.bodySha256(), expires,
                        t.nonce());
        if (!KeyPair.verify(account, SignedRequest.bytes(canonical), sig)) {
            throw SignedRequestRefused.unauthorized("the signature does not verify for " + account
                    + " over the canonical request \"" + canonical.replace("\n", "\\n") + "\"");
        }
        if (!t.presigned()) {
            // Only accounts the chain knows may spend the guard's memory: keys made up by the
            // thousand (each signature of its own verifies) would otherwise fill it for everyone.
            if (jakarta.enterprise.inject.spi.CDI.current().select(cess.consensus.control.ChainReads.class).get()
                    .account(account).isEmpty()) {
                throw new SignedRequestRefused(403, "unknown_account", account + " has no account on chain (no balance, "
                        + "no transaction): it can own nothing here; fund it first");
            }
            switch (guard.admit(account.ss58(), t.nonce(), expires, t.nowSeconds())) {
                case REPLAYED -> throw new SignedRequestRefused(409, "signature_replayed", "this signature (nonce "
                        + t.nonce() + ") was already used; sign every request anew with a fresh nonce");
                case FULL -> throw new SignedRequestRefused(503, "replay_guard_full", "this node remembers as many "
                        + "unexpired signatures as it can hold; retry shortly, or sign with a shorter expiry");
                case ADMITTED -> journal.record(account.ss58(), t.nonce(), expires, t.nowSeconds());
            }
        }
        return new SimpleAuthenticationInfo(account, t.signature(), getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        return new SimpleAuthorizationInfo(java.util.Set.of("account"));
    }
}
