package cess.ledger.model;

import cess.shared.Decoder;
import cess.storage.model.Bucket;
import cess.storage.model.BucketName;
import cess.storage.model.FileRecord;
import cess.storage.model.Grant;
import cess.storage.model.Miner;
import cess.storage.model.ObjectEntry;
import cess.storage.model.Territory;

/** The value of one state entry, with the canonical encoding the state commitment hashes. */
public interface StateValue {
    byte[] encode();

    /** Decodes a stored value of {@code kind}. */
    static StateValue decode(StateKey.Kind kind, byte[] bytes) {
        Decoder d = new Decoder(bytes);
        StateValue v = switch (kind) {
            case ACCOUNT -> Account.decode(d);
            case MINER -> Miner.decode(d);
            case TERRITORY -> Territory.decode(d);
            case BUCKET -> Bucket.decode(d);
            case FILE -> FileRecord.decode(d);
            case OBJECT -> ObjectEntry.decode(d);
            case GRANT -> Grant.decode(d);
            case CANDIDATE -> cess.staking.model.Candidate.decode(d);
            case ON_DUTY -> cess.staking.model.OnDuty.decode(d);
            case RANDAO -> cess.staking.model.Randao.decode(d);
            case WORK -> cess.staking.model.WorkRecord.decode(d);
            case OFFENCE -> cess.staking.model.Offence.decode(d);
            case PROPOSAL -> cess.governance.model.Proposal.decode(d);
            case VOTE -> cess.governance.model.Vote.decode(d);
            case AGENDA -> cess.governance.model.AgendaItem.decode(d);
            case GOVERNANCE -> cess.governance.model.GovernanceState.decode(d);
            case ISSUANCE -> Issuance.decode(d);
            case BUCKET_NAME -> BucketName.decode(d);
        };
        d.end();
        return v;
    }
}
