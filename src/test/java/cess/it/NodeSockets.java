package cess.it;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc} (the socket inodes among
 * the process's open files, matched against {@code /proc/net/tcp} and {@code tcp6}), and this
 * machine's own addresses other than loopback.
 */
final class NodeSockets {
    private NodeSockets() {
    }

    /** {@code address:port} of each listening socket of process {@code pid}; IPv4-mapped IPv6 shown as IPv4. */
    static List<String> listening(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port in hex, f[3] state (0A = LISTEN), f[9] inode
                if ("0A".equals(f[3]) && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** Decodes {@code /proc/net/tcp}'s {@code HEXADDR:HEXPORT} (host byte order, little-endian words). */
    static String address(String hex) {
        String[] ap = hex.split(":");
        int port = Integer.parseInt(ap[1], 16);
        byte[] raw = new byte[ap[0].length() / 2];
        for (int w = 0; w < raw.length / 4; w++) {
            for (int b = 0; b < 4; b++) {
                raw[w * 4 + b] = (byte) Integer.parseInt(ap[0].substring(w * 8 + (3 - b) * 2, w * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        String host;
        if (raw.length == 16 && isV4Mapped(raw)) {
            host = (raw[12] & 0xff) + "." + (raw[13] & 0xff) + "." + (raw[14] & 0xff) + "." + (raw[15] & 0xff);
        } else if (raw.length == 4) {
            host = (raw[0] & 0xff) + "." + (raw[1] & 0xff) + "." + (raw[2] & 0xff) + "." + (raw[3] & 0xff);
        } else {
            try {
                host = "[" + InetAddress.getByAddress(raw).getHostAddress() + "]";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return host + ":" + port;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    /** This machine's own IPv4 addresses other than loopback (never another machine's). */
    static List<InetAddress> ownNonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (nif.isUp() && !nif.isLoopback()) {
                nif.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(out::add);
            }
        }
        return out;
    }
}
