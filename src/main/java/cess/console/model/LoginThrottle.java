package cess.console.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throttles password guessing, per user name and per client address. Each keeps a count of
 * failed logins; failures more than a window apart start the count again. From the limit on
 * (5 for a user, 20 for an address by default), every further failure refuses all attempts of
 * that user or address for a back-off that doubles with each failure (1 s, 2 s, 4 s... up to
 * 15 min); a refused attempt is not checked, so it cannot guess. A success clears the user's
 * count (not the address's: one good account must not reset the guessing of others).
 *
 * <p>Time is an input (epoch milliseconds). At most {@code maxTracked} users and addresses are
 * remembered each; past that, quiet ones are forgotten first, then the oldest. Thread-safe
 * (synchronized; every operation is O(1) but a purge when full).
 */
public final class LoginThrottle {
    /**
     * @param userLimit     failures of one user name before its attempts are refused
     * @param addressLimit  failures from one client address before its attempts are refused
     * @param windowMillis  failures further apart than this do not add up
     * @param baseMillis    the first back-off; each later failure doubles it
     * @param maxMillis     the longest back-off
     * @param maxTracked    most user names, and most addresses, remembered
     */
    public record Policy(int userLimit, int addressLimit, long windowMillis, long baseMillis, long maxMillis, int maxTracked) {
        public Policy {
            if (userLimit < 1 || addressLimit < 1 || windowMillis < 1 || baseMillis < 1 || maxMillis < baseMillis
                    || maxTracked < 1) {
                throw new IllegalArgumentException("invalid login throttle policy");
            }
        }

        /** 5 failures per user, 20 per address, within 15 min; back-off from 1 s to 15 min. */
        public static Policy standard() {
            return new Policy(5, 20, 15 * 60_000L, 1_000L, 15 * 60_000L, 10_000);
        }
    }

    private record Failures(int count, long lastMillis, long blockedUntilMillis) {
    }

    private final Policy policy;
    private final Map<String, Failures> users = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Failures> addresses = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(Policy policy) {
        this.policy = policy;
    }

    /** How long {@code user} from {@code address} must wait before another attempt: 0 if it may try now. */
    public synchronized long waitMillis(String user, String address, long nowMillis) {
        return Math.max(remaining(users.get(key(user)), nowMillis), remaining(addresses.get(key(address)), nowMillis));
    }

    /** Records a failed login of {@code user} from {@code address}. */
    public synchronized void failed(String user, String address, long nowMillis) {
        count(users, key(user), policy.userLimit(), nowMillis);
        count(addresses, key(address), policy.addressLimit(), nowMillis);
    }

    /** Records a successful login: the user's failures are forgotten. */
    public synchronized void succeeded(String user, String address, long nowMillis) {
        users.remove(key(user));
    }

    private static long remaining(Failures f, long now) {
        return f == null ? 0 : Math.max(0, f.blockedUntilMillis() - now);
    }

    private void count(Map<String, Failures> map, String key, int limit, long now) {
        Failures f = map.get(key);
        int count = f == null || forgotten(f, now) ? 1 : f.count() + 1;
        long blockedUntil = count >= limit ? now + backoff(count - limit) : 0;
        if (f == null && map.size() >= policy.maxTracked()) {
            makeRoom(map, now);
        }
        map.put(key, new Failures(count, now, blockedUntil));
    }

    /** The base back-off doubled {@code doublings} times, at most the policy's longest. */
    private long backoff(int doublings) {
        long b = policy.baseMillis();
        for (int i = 0; i < doublings && b < policy.maxMillis(); i++) {
            b *= 2;
        }
        return Math.min(b, policy.maxMillis());
    }

    private boolean forgotten(Failures f, long now) {
        return now - f.lastMillis() > policy.windowMillis() && now >= f.blockedUntilMillis();
    }

    private void makeRoom(Map<String, Failures> map, long now) {
        map.values().removeIf(f -> forgotten(f, now));
        Iterator<String> eldest = map.keySet().iterator();
        while (map.size() >= policy.maxTracked() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static String key(String s) {
        return s == null ? "" : s;
    }
}
