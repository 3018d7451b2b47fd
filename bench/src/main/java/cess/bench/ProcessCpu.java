package cess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system, all threads: JIT, GC and background work included) that processes
 * have used, from {@code /proc/<pid>/stat}, in milliseconds at the kernel's 10 ms tick
 * ({@code getconf CLK_TCK} is 100 here). Summed over many requests, it says how much of the
 * machine each server spends per request.
 */
final class ProcessCpu {
    private static final long MS_PER_TICK = 10;

    private ProcessCpu() {
    }

    /** The CPU milliseconds the processes {@code pids} have used so far. */
    static long millis(long... pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the command name (which may hold spaces, in parentheses): state is field 3, utime 14, stime 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
            }
        }
        return sum;
    }
}
