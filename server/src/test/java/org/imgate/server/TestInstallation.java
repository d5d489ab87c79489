package org.imgate.server;

import org.imgate.policy.yaml.YamlBinder;
import org.imgate.server.cli.CliContext;
import org.imgate.server.config.ConfigLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An imgate installation in a temporary directory, driven as an operator would: write its
 * configuration and policy, run verbs in-process through the real wiring, and run {@code serve}
 * while something else happens. Node id {@code node-1}, data under {@code data/}.
 */
final class TestInstallation {
    static final String MINIMAL_POLICY = "version: test\nrules: []\n";

    record Run(int code, String out, String err) {
    }

    private final Path dir;
    private final YamlBinder yaml = new YamlBinder();

    TestInstallation(Path dir, String extraConfig, String policy) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/imgate.yaml"), """
                data-dir: data
                node-id: node-1
                policy:
                  file: conf/policy.yaml
                """ + extraConfig, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("conf/policy.yaml"), policy, StandardCharsets.UTF_8);
    }

    Path dir() {
        return dir;
    }

    Path chain() {
        return dir.resolve("data/journal/node-1");
    }

    Run run(String... args) {
        return run(dir, new ShutdownSignal(), args);
    }

    /** Runs a verb as if started from {@code workingDir}. */
    Run runFrom(Path workingDir, String... args) {
        return run(workingDir, new ShutdownSignal(), args);
    }

    private Run run(Path workingDir, ShutdownSignal shutdown, String... args) {
        CliContext context = new CliContext(workingDir, new ConfigLoader(yaml, () -> "test-host"), new Wiring(yaml),
                shutdown);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ImgateCli(context).execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    interface WhileServing {
        void run() throws Exception;
    }

    /**
     * Starts {@code serve}, waits until it is up (its admin channel answers), runs {@code whileServing},
     * stops the server and returns what serve printed.
     */
    Run serve(WhileServing whileServing) throws Exception {
        ShutdownSignal shutdown = new ShutdownSignal();
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run(dir, shutdown, "serve"));
        Path socket = dir.resolve("data/state/admin/admin.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket) && !serving.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (serving.isDone() || !Files.exists(socket)) {
            throw new AssertionError("serve did not come up: " + (serving.isDone() ? serving.get().err() : "timeout"));
        }
        try {
            whileServing.run();
        } finally {
            shutdown.request();
        }
        return serving.get(30, TimeUnit.SECONDS);
    }
}
