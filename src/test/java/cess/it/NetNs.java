package cess.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of a test network on one machine, for real: each host is a Linux network namespace of
 * its own with one virtual Ethernet link to a bridge in the test's namespace, on a private /24
 * that only this test uses. The test reaches every host from outside through the bridge (its
 * address is {@code .1}); host {@code i} is {@code .(10 + i)}.
 *
 * <p>Faults are made the way networks fail, not by killing processes: {@link #cut} takes a
 * host's link down (nothing in or out, the test's probes included), {@link #partition} makes
 * each side's hosts drop every packet to and from the other side's (nftables in each namespace,
 * so the test still reaches both sides), and {@link #heal} undoes both. Processes keep running
 * through all of it; TCP connections resume when packets flow again.
 *
 * <p>Needs root, iproute2 and nftables. {@link #create} fails with {@link Unsupported} when the
 * machine cannot make namespaces, so that a test can say so and be skipped rather than pass.
 * {@link #close} removes every namespace, link, bridge and rule it made, and so does a JVM
 * shutdown hook if the test never got to it.
 */
final class NetNs implements AutoCloseable {
    /** The machine cannot create network namespaces here (not root, no iproute2, no nftables...). */
    static final class Unsupported extends Exception {
        Unsupported(String why) {
            super(why);
        }
    }

    private final String tag;
    private final String prefix;
    private final int hosts;
    private final String bridge;
    private final Thread cleanup;
    private boolean closed;

    private NetNs(String tag, String prefix, int hosts) {
        this.tag = tag;
        this.prefix = prefix;
        this.hosts = hosts;
        this.bridge = "cb" + tag;
        this.cleanup = new Thread(this::removeAll, "netns-cleanup-" + tag);
    }

    /**
     * Makes {@code hosts} namespaces on a bridge. The names carry this process's id, so two test
     * runs never share one; the subnet is {@code 10.231.<pid mod 250>.0/24}, refused if the
     * machine already routes it.
     */
    static NetNs create(int hosts) throws Unsupported {
        if (hosts < 1 || hosts > 200) {
            throw new IllegalArgumentException("1..200 hosts, not " + hosts);
        }
        long pid = ProcessHandle.current().pid();
        String tag = Long.toString(pid % 46_656, 36); // at most 3 characters: interface names stay short
        String prefix = "10.231." + (pid % 250);
        try {
            if (!run(false, "id", "-u").trim().equals("0")) {
                throw new Unsupported("network namespaces need root; this test runs as uid " + run(false, "id", "-u").trim());
            }
            run(true, "nft", "--version");
            String routes = run(true, "ip", "-4", "route", "show");
            if (routes.contains(prefix + ".")) {
                throw new Unsupported("the machine already routes " + prefix + ".0/24: " + routes.trim());
            }
        } catch (IOException e) {
            throw new Unsupported("iproute2 and nftables are needed: " + e.getMessage());
        }
        NetNs n = new NetNs(tag, prefix, hosts);
        Runtime.getRuntime().addShutdownHook(n.cleanup);
        try {
            n.removeAll(); // a crashed run with the same pid left something behind
            run(true, "ip", "link", "add", n.bridge, "type", "bridge");
            run(true, "ip", "addr", "add", prefix + ".1/24", "dev", n.bridge);
            run(true, "ip", "link", "set", n.bridge, "up");
            for (int i = 0; i < hosts; i++) {
                String ns = n.namespace(i);
                run(true, "ip", "netns", "add", ns);
                run(true, "ip", "link", "add", n.outside(i), "type", "veth", "peer", "name", n.inside(i));
                run(true, "ip", "link", "set", n.inside(i), "netns", ns);
                run(true, "ip", "link", "set", n.outside(i), "master", n.bridge);
                run(true, "ip", "link", "set", n.outside(i), "up");
                run(true, "ip", "netns", "exec", ns, "ip", "addr", "add", n.address(i) + "/24", "dev", n.inside(i));
                run(true, "ip", "netns", "exec", ns, "ip", "link", "set", n.inside(i), "up");
                run(true, "ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
                run(true, "ip", "netns", "exec", ns, "nft", "add", "table", "inet", "cessfault");
                run(true, "ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "cessfault", "in",
                        "{ type filter hook input priority 0; policy accept; }");
                run(true, "ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "cessfault", "out",
                        "{ type filter hook output priority 0; policy accept; }");
            }
        } catch (IOException | RuntimeException e) {
            n.close();
            throw new Unsupported("could not build the test network: " + e.getMessage());
        }
        return n;
    }

    int hosts() {
        return hosts;
    }

    String namespace(int i) {
        return "cess-" + tag + "-" + i;
    }

    String address(int i) {
        return prefix + "." + (10 + i);
    }

    /** The command prefix that runs a program on host {@code i}. */
    List<String> on(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    private String outside(int i) {
        return "v" + tag + "o" + i;
    }

    private String inside(int i) {
        return "v" + tag + "i" + i;
    }

    /** Takes host {@code i}'s link down: it neither sends nor receives anything until {@link #heal}. */
    void cut(int i) throws IOException {
        run(true, "ip", "link", "set", outside(i), "down");
    }

    /**
     * Splits the hosts: each host of {@code a} drops every packet to and from the hosts of
     * {@code b}, and the reverse. The test still reaches all of them.
     */
    void partition(Collection<Integer> a, Collection<Integer> b) throws IOException {
        for (int i : a) {
            drop(i, b);
        }
        for (int i : b) {
            drop(i, a);
        }
    }

    private void drop(int host, Collection<Integer> others) throws IOException {
        List<String> set = new ArrayList<>();
        for (int o : others) {
            set.add(address(o));
        }
        String addresses = "{ " + String.join(", ", set) + " }";
        run(true, "ip", "netns", "exec", namespace(host), "nft", "add", "rule", "inet", "cessfault", "out", "ip", "daddr",
                addresses, "drop");
        run(true, "ip", "netns", "exec", namespace(host), "nft", "add", "rule", "inet", "cessfault", "in", "ip", "saddr",
                addresses, "drop");
    }

    /**
     * Host {@code host} can no longer open TCP connections to port {@code port} of the hosts of
     * {@code others} (its packets there are dropped; everything else still flows): a node cut
     * from the HTTP services of others while it keeps, say, its broker connection.
     */
    void blockTcp(int host, Collection<Integer> others, int port) throws IOException {
        List<String> set = new ArrayList<>();
        for (int o : others) {
            set.add(address(o));
        }
        run(true, "ip", "netns", "exec", namespace(host), "nft", "add", "rule", "inet", "cessfault", "out", "ip", "daddr",
                "{ " + String.join(", ", set) + " }", "tcp", "dport", Integer.toString(port), "drop");
    }

    /** Every link up and every partition rule gone. */
    void heal() throws IOException {
        for (int i = 0; i < hosts; i++) {
            run(true, "ip", "link", "set", outside(i), "up");
            run(true, "ip", "netns", "exec", namespace(i), "nft", "flush", "chain", "inet", "cessfault", "in");
            run(true, "ip", "netns", "exec", namespace(i), "nft", "flush", "chain", "inet", "cessfault", "out");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Deletes what this test made; what is not there is fine. */
    private void removeAll() {
        for (int i = 0; i < hosts; i++) {
            quietly("ip", "netns", "delete", namespace(i)); // takes the veth pair with it
            quietly("ip", "link", "delete", outside(i));
        }
        quietly("ip", "link", "delete", bridge);
    }

    private static void quietly(String... cmd) {
        try {
            run(false, cmd);
        } catch (IOException ignored) {
            // nothing to delete
        }
    }

    /** Runs a command to its end (30 s at most); with {@code check}, a non-zero exit is an IOException with its output. */
    static String run(boolean check, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer in 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check && p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }
}
