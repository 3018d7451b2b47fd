package cess.consensus.model;

/**
 * The limits of a {@link HeightDriver}: how often this node's messages of the height in progress
 * are sent again, and how many messages for later heights it keeps (so that a flood of messages
 * for far heights cannot grow its memory).
 *
 * @param resendMillis   the interval between two resends of this node's messages at its height
 * @param futureHeights  how many heights ahead of its own a message is kept for later
 * @param futureMessages how many such messages are kept in all; later ones are dropped
 */
public record DriverParams(long resendMillis, int futureHeights, int futureMessages) {
    /** The node's defaults: resend every second, keep up to 2,000 messages for the next 4 heights. */
    public static final DriverParams DEFAULT = new DriverParams(1000, 4, 2000);

    public DriverParams {
        if (resendMillis <= 0 || futureHeights < 0 || futureMessages < 0) {
            throw new IllegalArgumentException("driver limits must be positive: " + resendMillis + ", "
                    + futureHeights + ", " + futureMessages);
        }
    }
}
