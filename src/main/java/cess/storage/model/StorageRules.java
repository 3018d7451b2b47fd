package cess.storage.model;

import static cess.storage.model.RuleSupport.refuse;

import cess.ledger.model.CallContext;
import cess.ledger.model.Currency;
import cess.ledger.model.StateOverlay;
import cess.ledger.model.TxError;
import cess.ledger.model.TxRejection;
import cess.shared.Address;
import cess.storage.model.StorageCall.AddStake;
import cess.storage.model.StorageCall.BuyTerritory;
import cess.storage.model.StorageCall.CreateBucket;
import cess.storage.model.StorageCall.DeclareSpace;
import cess.storage.model.StorageCall.DeleteBucket;
import cess.storage.model.StorageCall.DeleteObject;
import cess.storage.model.StorageCall.ClaimRestoral;
import cess.storage.model.StorageCall.CompleteRestoral;
import cess.storage.model.StorageCall.ExitMiner;
import cess.storage.model.StorageCall.ExpandTerritory;
import cess.storage.model.StorageCall.GrantGateway;
import cess.storage.model.StorageCall.PutObject;
import cess.storage.model.StorageCall.RegisterMiner;
import cess.storage.model.StorageCall.RenewTerritory;
import cess.storage.model.StorageCall.RevokeGateway;
import cess.storage.model.StorageCall.UpdateMiner;
import java.util.Optional;

/**
 * The storage market's state transition: dispatches each call to the rules of its idea — miners
 * ({@link MinerRules}), territories ({@link TerritoryRules}), buckets and objects
 * ({@link ObjectRules}), repair ({@link RestoralRules}) — and owns the gateway grants itself ({@link #mayActFor}). Pure; the
 * caller has already taken the fee and advanced the nonce, and discards every change when a rule
 * refuses the call, so a refused call changes nothing.
 */
public final class StorageRules {
    private StorageRules() {
    }

    /** Applies {@code call} by the context's sender, under the storage parameters in effect. */
    public static Optional<TxRejection> apply(CallContext ctx, StorageCall call) {
        StateOverlay s = ctx.state();
        Currency cur = ctx.currency();
        Address sender = ctx.sender();
        long now = ctx.nowMillis();
        StorageParams p = ctx.params().get(StorageParams.class);
        if (call instanceof RegisterMiner c) {
            return MinerRules.registerMiner(s, cur, sender, c, now, p);
        } else if (call instanceof ExitMiner) {
            return MinerRules.exitMiner(s, sender, ctx.height(), ctx.params().get(RestoralParams.class));
        } else if (call instanceof StorageCall.WithdrawMiner) {
            return MinerRules.withdrawMiner(s, cur, sender, ctx.height());
        } else if (call instanceof UpdateMiner c) {
            return MinerRules.updateMiner(s, sender, c);
        } else if (call instanceof AddStake c) {
            return MinerRules.addStake(s, cur, sender, c, p);
        } else if (call instanceof DeclareSpace c) {
            return MinerRules.declareSpace(s, sender, c, p);
        } else if (call instanceof BuyTerritory c) {
            return TerritoryRules.buyTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof ExpandTerritory c) {
            return TerritoryRules.expandTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof RenewTerritory c) {
            return TerritoryRules.renewTerritory(s, cur, sender, c, now, p);
        } else if (call instanceof GrantGateway c) {
            return grantGateway(s, sender, c, now);
        } else if (call instanceof RevokeGateway c) {
            return revokeGateway(s, sender, c);
        } else if (call instanceof CreateBucket c) {
            return ObjectRules.createBucket(s, sender, c, now);
        } else if (call instanceof DeleteBucket c) {
            return ObjectRules.deleteBucket(s, sender, c);
        } else if (call instanceof PutObject c) {
            return ObjectRules.putObject(s, sender, c, now);
        } else if (call instanceof DeleteObject c) {
            return ObjectRules.deleteObject(s, sender, c);
        } else if (call instanceof ClaimRestoral c) {
            return RestoralRules.claim(s, sender, c.fid(), c.segment(), c.fragment(), ctx.height(),
                    ctx.params().get(RestoralParams.class));
        } else if (call instanceof CompleteRestoral c) {
            return RestoralRules.complete(s, cur, sender, c.fid(), c.segment(), c.fragment(), c.root(), ctx.height(),
                    ctx.params().get(RestoralParams.class));
        }
        throw new IllegalStateException("no rule for call " + call.type());
    }

    /** Whether {@code actor} may manage {@code owner}'s buckets and objects. */
    public static boolean mayActFor(StateOverlay s, Address actor, Address owner) {
        return actor.equals(owner) || s.get(Grant.key(owner, actor)) != null;
    }

    private static Optional<TxRejection> grantGateway(StateOverlay s, Address sender, GrantGateway c, long now) {
        if (c.gateway().equals(sender)) {
            return refuse(TxError.INVALID_ARGUMENT, "an account needs no grant to act for itself");
        }
        s.put(Grant.key(sender, c.gateway()), new Grant(now));
        return Optional.empty();
    }

    private static Optional<TxRejection> revokeGateway(StateOverlay s, Address sender, RevokeGateway c) {
        if (s.get(Grant.key(sender, c.gateway())) == null) {
            return refuse(TxError.NOT_FOUND, "gateway " + c.gateway() + " holds no grant from " + sender);
        }
        s.remove(Grant.key(sender, c.gateway()));
        return Optional.empty();
    }
}
