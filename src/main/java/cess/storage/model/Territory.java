package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/** Space an account bought: {@code gib} GiB until {@code expiresMillis}, of which {@code usedBytes} hold files. */
public record Territory(long gib, long usedBytes, long expiresMillis, long boughtMillis) implements StateValue {
    public Territory {
        if (gib <= 0 || usedBytes < 0) {
            throw new IllegalArgumentException("territory size must be positive and used space not negative");
        }
    }

    public static StateKey key(Address owner, String name) {
        return new StateKey(Storage.TERRITORY, owner.ss58() + "/" + name);
    }

    public long capacityBytes() {
        return gib * StorageParams.GIB;
    }

    public long freeBytes() {
        return Math.max(0, capacityBytes() - usedBytes);
    }

    public boolean liveAt(long millis) {
        return millis < expiresMillis;
    }

    public Territory withUsed(long used) {
        return new Territory(gib, used, expiresMillis, boughtMillis);
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(gib).u64(usedBytes).u64(expiresMillis).u64(boughtMillis).toBytes();
    }

    public static Territory decode(Decoder d) {
        return new Territory(d.u64(), d.u64(), d.u64(), d.u64());
    }
}
