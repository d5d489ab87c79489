package org.imgate.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A shell command a benchmark's script hands its Java program through an environment variable, to run
 * at a given moment (before a heap reading, around a fixed-rate phase).
 */
public final class ShellHook {

    private ShellHook() {
    }

    /** Runs the shell command in environment variable {@code name}, if set; fails when it fails. */
    public static void run(String name) throws IOException, InterruptedException {
        String command = System.getenv(name);
        if (command == null || command.isBlank()) {
            return;
        }
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(name + " (" + command + ") failed: " + out);
        }
    }
}
