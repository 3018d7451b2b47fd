package cess.staking.model;

import cess.ledger.model.StateKey;
import cess.ledger.model.StateValue;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-duty validators of one epoch, in the order the draw chose them, each with the stake it
 * votes with (its bond when drawn). The chain keeps the previous, the current and the next
 * epoch's sets: the next one is drawn at the current epoch's first block, so every node knows a
 * whole epoch ahead who will sign, and a syncing node can check any commit it receives.
 */
public record OnDuty(List<Seat> seats) implements StateValue {
    /** The most seats a set can hold on the wire (R²S draws at most 11). */
    public static final int MAX_SEATS = 1024;

    public record Seat(Address account, Amount stake) {
        public Seat {
            if (account == null || stake == null || stake.isZero()) {
                throw new IllegalArgumentException("a seat needs an account and a positive stake");
            }
        }
    }

    public OnDuty {
        if (seats == null || seats.isEmpty() || seats.size() > MAX_SEATS) {
            throw new IllegalArgumentException("an on-duty set has 1.." + MAX_SEATS + " seats");
        }
        seats = List.copyOf(seats);
    }

    /** The key of epoch {@code epoch}'s set; ids sort by epoch. */
    public static StateKey key(long epoch) {
        return new StateKey(Staking.ON_DUTY, String.format("%020d", epoch));
    }

    public boolean contains(Address a) {
        return seats.stream().anyMatch(s -> s.account().equals(a));
    }

    @Override
    public byte[] encode() {
        Encoder e = new Encoder().u32(seats.size());
        seats.forEach(s -> e.address(s.account()).amount(s.stake()));
        return e.toBytes();
    }

    public static OnDuty decode(Decoder d) {
        long n = d.u32();
        if (n < 1 || n > MAX_SEATS) {
            throw new IllegalArgumentException("on-duty set of " + n + " seats");
        }
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seats.add(new Seat(d.address(), d.amount()));
        }
        return new OnDuty(seats);
    }
}
