package cess.ledger.model;

import cess.shared.Address;
import cess.shared.Encoder;
import cess.shared.Hash;
import cess.shared.Merkle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The commitment to the account state that goes into every block header: a Merkle root over
 * {@code H(address || account)} of every non-empty account in address order. Two replicas with
 * equal roots hold equal states. Cost is linear in the number of accounts.
 */
public final class StateCommitment {
    private StateCommitment() {
    }

    /** The root of {@code base} with {@code changes} laid over it. */
    public static Hash root(NavigableMap<Address, Account> base, NavigableMap<Address, Account> changes) {
        List<Hash> leaves = new ArrayList<>(base.size() + changes.size());
        Iterator<Map.Entry<Address, Account>> b = base.entrySet().iterator();
        Iterator<Map.Entry<Address, Account>> c = changes.entrySet().iterator();
        Map.Entry<Address, Account> nb = next(b);
        Map.Entry<Address, Account> nc = next(c);
        while (nb != null || nc != null) {
            int cmp = nb == null ? 1 : nc == null ? -1 : nb.getKey().compareTo(nc.getKey());
            Map.Entry<Address, Account> take = cmp < 0 ? nb : nc;
            if (!take.getValue().isEmpty()) {
                leaves.add(leaf(take.getKey(), take.getValue()));
            }
            if (cmp <= 0) {
                nb = next(b);
            }
            if (cmp >= 0) {
                nc = next(c);
            }
        }
        return Merkle.root(leaves);
    }

    static Hash leaf(Address address, Account account) {
        return Hash.sha256(new Encoder().address(address).raw(account.encode()).toBytes());
    }

    private static <T> T next(Iterator<T> it) {
        return it.hasNext() ? it.next() : null;
    }
}
