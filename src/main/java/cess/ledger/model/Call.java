package cess.ledger.model;

import cess.shared.Decoder;
import cess.shared.Encoder;
import cess.governance.model.GovernanceCall;
import cess.staking.model.StakingCall;
import cess.storage.model.StorageCall;

/**
 * What a transaction asks the chain to do. Each kind has a one-byte tag in the canonical
 * encoding; tags are never reused. Tags 2 to 15 are the storage market's ({@link StorageCall}),
 * 20 and 21 validator candidacy ({@link StakingCall}), 30 to 32 governance ({@link GovernanceCall}).
 */
public interface Call {
    int TRANSFER = 1;

    int tag();

    /** The type name used in JSON ({@code "transfer"}). */
    String type();

    void encodeBody(Encoder e);

    static Call decode(Decoder d) {
        int tag = d.u8();
        if (tag == TRANSFER) {
            return Transfer.decodeBody(d);
        }
        if (tag == StakingCall.BOND || tag == StakingCall.UNBOND) {
            return StakingCall.decodeBody(tag, d);
        }
        if (GovernanceCall.owns(tag)) {
            return GovernanceCall.decodeBody(tag, d);
        }
        return StorageCall.decodeBody(tag, d);
    }
}
