package cess.ledger.model;

import cess.shared.Address;
import java.util.Optional;

/**
 * A storage miner's power, the contract through which modules that pay or bound miners by their
 * space (incentives' storage rewards, a collateral check) read it without knowing the modules
 * that keep it: the storage market's service data and the audit's certified idle space. Declared
 * in the ledger core like {@link Currency}; the runtime implements it. Implementations are
 * stateless and as thread-safe as the view they read.
 */
public interface StoragePower {
    /**
     * What counts of a miner's space.
     *
     * @param declaredBytes      the space it declared
     * @param serviceBytes       service data it holds (fragments of file deals)
     * @param certifiedIdleBytes filler certified by a passed idle challenge and not displaced by service data
     */
    record Power(long declaredBytes, long serviceBytes, long certifiedIdleBytes) {
        public Power {
            if (declaredBytes < 0 || serviceBytes < 0 || certifiedIdleBytes < 0) {
                throw new IllegalArgumentException("space must not be negative");
            }
        }

        /** Service data and certified idle space: the space that counts. */
        public long totalBytes() {
            return serviceBytes + certifiedIdleBytes;
        }

        /** Declared space that is neither service data nor certified filler: it counts for nothing. */
        public long uncountedBytes() {
            return Math.max(0, declaredBytes - totalBytes());
        }

        /** The power in words, saying what does not count. */
        public String describe() {
            return serviceBytes + " bytes of service data + " + certifiedIdleBytes + " bytes of certified idle space"
                    + (uncountedBytes() > 0 ? "; " + uncountedBytes() + " declared bytes count nothing until certified" : "");
        }
    }

    /** {@code miner}'s power on {@code state} under {@code params}; empty for an account that is no miner. */
    Optional<Power> of(StateView state, Params params, Address miner);
}
