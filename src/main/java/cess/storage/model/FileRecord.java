package cess.storage.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.shared.Hash;

/**
 * A stored file: its layout, how many objects (of any owners) refer to it, and how many of those
 * are public ({@link ObjectAcl#PUBLIC_READ}): the file's bytes may be served to anyone while
 * {@code publicRefs > 0}.
 */
public record FileRecord(FileLayout layout, long refs, long createdMillis, long publicRefs) implements StateValue {
    public FileRecord(FileLayout layout, long refs, long createdMillis) {
        this(layout, refs, createdMillis, 0);
    }

    public static StateKey key(Hash fid) {
        return new StateKey(Storage.FILE, fid.hex());
    }

    /** With one more (or one fewer, for {@code delta} -1) reference, public or not. */
    public FileRecord referenced(int delta, boolean publicRead) {
        return new FileRecord(layout, refs + delta, createdMillis, Math.max(0, publicRefs + (publicRead ? delta : 0)));
    }

    /** With {@code l} in place of the layout (a fragment moved by a repair). */
    public FileRecord withLayout(FileLayout l) {
        return new FileRecord(l, refs, createdMillis, publicRefs);
    }

    public boolean publicRead() {
        return publicRefs > 0;
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder();
        layout.encode(e);
        return e.u64(refs).u64(createdMillis).u64(publicRefs).toBytes();
    }

    public static FileRecord decode(Decoder d) {
        return new FileRecord(FileLayout.decode(d), d.u64(), d.u64(), d.u64());
    }
}
