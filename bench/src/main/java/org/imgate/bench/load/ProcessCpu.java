package org.imgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The CPU time another process has used, from {@code /proc/PID/stat} (Linux). */
public final class ProcessCpu {

    /** Linux's USER_HZ: {@code /proc} counts CPU time in hundredths of a second. */
    public static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User + system time of {@code pid} ("self" for this JVM) in clock ticks; empty when it is gone or unreadable. */
    public static OptionalLong ticks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@link #ticks} in nanoseconds, 0 when unreadable. */
    public static long nanos(String pid) {
        return ticks(pid).orElse(0) * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
