package org.imgate.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A shell command a benchmark's script hands its Java program through an environment variable, to run
 * at a given moment (before a heap reading, around a fixed-rate phase).
 */
public final class ShellHook {

    private ShellHook() {
    }

    /**
     * Runs the shell command in environment variable {@code name}, if set; fails when it fails or takes
     * over a minute (then it is killed).
     */
    public static void run(String name) throws IOException, InterruptedException {
        String command = System.getenv(name);
        if (command == null || command.isBlank()) {
            return;
        }
        run(name, command, Duration.ofMinutes(1));
    }

    static void run(String name, String command, Duration timeout) throws IOException, InterruptedException {
        // output to a file, not a pipe: reading a pipe to its end would wait for the command however long
        Path output = Files.createTempFile("imgate-bench-hook", ".out");
        try {
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            if (!ended || p.exitValue() != 0) {
                String what = ended ? "failed" : "took over " + timeout;
                throw new IllegalStateException(name + " (" + command + ") " + what + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
