package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/** A stored file: its layout and how many objects (of any owners) refer to it. */
public record FileRecord(FileLayout layout, long refs, long createdMillis) implements StateValue {
    public static StateKey key(Hash fid) {
        return new StateKey(StateKey.Kind.FILE, fid.hex());
    }

    public FileRecord withRefs(long n) {
        return new FileRecord(layout, n, createdMillis);
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder();
        layout.encode(e);
        return e.u64(refs).u64(createdMillis).toBytes();
    }

    public static FileRecord decode(Decoder d) {
        return new FileRecord(FileLayout.decode(d), d.u64(), d.u64());
    }
}
