package cess.staking.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Decoder;
import cess.shared.Encoder;

/**
 * What an on-duty validator did in the current period (epoch), counted block by block from the
 * chain itself: the proposer turns it had and the blocks it proposed in them, the precommit slots
 * it had and the precommits of it that the next block's proposer put on chain, the verification
 * tasks assigned to it and done, and offences recorded against it. At the next epoch start it
 * becomes one period score of its candidate, and the record is cleared.
 */
public record WorkRecord(long proposed, long proposerTurns, long votes, long voteSlots, long verifications,
                         long verificationTasks, int punishments) implements StateValue {
    public static final WorkRecord NONE = new WorkRecord(0, 0, 0, 0, 0, 0, 0);

    public WorkRecord {
        if (proposed < 0 || proposerTurns < 0 || votes < 0 || voteSlots < 0 || verifications < 0
                || verificationTasks < 0 || punishments < 0) {
            throw new IllegalArgumentException("work counts must not be negative");
        }
    }

    public static StateKey key(Address account) {
        return new StateKey(Staking.WORK, account.ss58());
    }

    /** With {@code tasks} more checks assigned, of which it did {@code done} (its precommit shows it replayed them). */
    public WorkRecord verified(long done, long tasks) {
        if (done < 0 || done > tasks) {
            throw new IllegalArgumentException("done checks must be 0.." + tasks + ", got " + done);
        }
        return new WorkRecord(proposed, proposerTurns, votes, voteSlots, verifications + done, verificationTasks + tasks,
                punishments);
    }

    public WorkRecord plus(long proposed, long turns, long votes, long slots, int punishments) {
        return new WorkRecord(this.proposed + proposed, proposerTurns + turns, this.votes + votes, voteSlots + slots,
                verifications, verificationTasks, this.punishments + punishments);
    }

    @Override
    public byte[] encode() {
        return new Encoder().u64(proposed).u64(proposerTurns).u64(votes).u64(voteSlots).u64(verifications)
                .u64(verificationTasks).u32(punishments).toBytes();
    }

    public static WorkRecord decode(Decoder d) {
        long proposed = d.u64();
        long turns = d.u64();
        long votes = d.u64();
        long slots = d.u64();
        long verifications = d.u64();
        long tasks = d.u64();
        long punishments = d.u32();
        return new WorkRecord(proposed, turns, votes, slots, verifications, tasks, (int) Math.min(punishments, Integer.MAX_VALUE));
    }
}
