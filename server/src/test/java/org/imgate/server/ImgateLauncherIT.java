package org.imgate.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code bin/imgate} as a real process, the way the README tells operators to, against the
 * jars the package phase just built.
 */
class ImgateLauncherIT {
    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path LAUNCHER = REPO.resolve("bin/imgate");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void writeConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/policy.yaml"), "version: launcher-it\nrules: []\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("imgate.yaml"), """
                data-dir: data
                node-id: it-node
                xmpp:
                  listen: 127.0.0.1:5222
                  upstreams:
                    example.test: 127.0.0.1:15222
                msn:
                  listen: 127.0.0.1:1863
                policy:
                  file: conf/policy.yaml
                """, StandardCharsets.UTF_8);
    }

    private Result launch(Path workingDir, String launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("IMGATE_"));
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void configCheckFromTheRepositoryRootExits0() throws Exception {
        Path config = dir.resolve("root.yaml");
        Files.writeString(config, "data-dir: data\nnode-id: it-node\npolicy:\n  file: " + dir.resolve("conf/policy.yaml") + "\n",
                StandardCharsets.UTF_8);
        Result result = launch(REPO, "bin/imgate", "config", "check", "--config", config.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("configuration OK: " + config + "\n"), result.out());
        assertTrue(result.out().contains("node id:   it-node"), result.out());
        assertEquals("", result.err(), "CLI verbs are quiet: no build chatter, no log lines");
        // data-dir is relative, and relative paths follow the caller's directory, not the file's.
        assertTrue(result.out().contains("data dir:  " + REPO.resolve("data")), result.out());
    }

    @Test
    void typoInTheConfigurationExits2NamingFileAndLine() throws Exception {
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, "data-dir: data\nnode-id: it-node\narchive:\n  failure-mod: closed\n", StandardCharsets.UTF_8);
        Result result = launch(REPO, "bin/imgate", "config", "check", "--config", config.toString());
        assertEquals(2, result.code(), result.out());
        assertTrue(result.err().startsWith(config + ":4: archive.failure-mod: unknown key 'failure-mod'"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void runsFromAnyDirectoryWithRelativePathsFromThere() throws Exception {
        Result result = launch(dir, LAUNCHER.toString(), "config", "check", "--config", "imgate.yaml");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("configuration OK: imgate.yaml\n"), result.out());
        assertTrue(result.out().contains("data dir:  " + dir.resolve("data") + " (does not exist yet"), result.out());
        assertTrue(result.out().contains("policy:    " + dir.resolve("conf/policy.yaml")), result.out());
    }

    @Test
    void worksThroughASymlinkAsInstalledInPath() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("imgate"), LAUNCHER);
        Result result = launch(dir, link.toString(), "config", "check", "--config", "imgate.yaml");
        assertEquals(0, result.code(), result.err());
    }

    @Test
    void usageErrorsExit2AndHelpExits0() throws Exception {
        Result unknown = launch(REPO, "bin/imgate", "frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Try 'imgate --help'."), unknown.err());

        Result help = launch(REPO, "bin/imgate", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: imgate"), help.out());
    }

    @Test
    void serveRunsTheIndexAndTheCompilerBelowTheRelay() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, """
                data-dir: data
                node-id: it-node
                xmpp:
                  listen: 127.0.0.1:%d
                  upstreams:
                    example.test: 127.0.0.1:15222
                policy:
                  file: conf/policy.yaml
                """.formatted(port), StandardCharsets.UTF_8);
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--config", config.toString())
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("IMGATE_"));
        Process serve = builder.start(); // the launcher execs the JVM: this is its pid
        Socket client = new Socket();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!client.isConnected()) {
                assertTrue(serve.isAlive() && System.nanoTime() < deadline, "serve did not listen: " + Files.readString(log));
                try {
                    client.connect(new InetSocketAddress("127.0.0.1", port));
                } catch (ConnectException notYet) {
                    client.close();
                    client = new Socket();
                    Thread.sleep(200);
                }
            }
            // A connected client has an I/O thread of the proxy serve it (MINA names it NioProcessor-N while it
            // runs). Linux cuts thread names to 15 characters.
            Map<String, Set<Integer>> nice = niceByThreadName(serve.pid());
            while (!(nice.containsKey("NioProcessor") && nice.containsKey("imgate-index-re"))) {
                assertTrue(System.nanoTime() < deadline, "no relay or index thread: " + nice);
                Thread.sleep(200);
                nice = niceByThreadName(serve.pid());
            }
            assertEquals(Set.of(0), nice.get("NioProcessor"), "the relay's I/O threads: " + nice);
            assertEquals(Set.of(0), nice.get("java"), "the main thread: " + nice);
            assertEquals(Set.of(19), nice.get("imgate-index-re"), "the index's refresh thread: " + nice);
            assertEquals(Set.of(4), nice.get("C2 CompilerThre"), "the JIT's C2 compiler: " + nice);
            assertEquals(Set.of(4), nice.get("C1 CompilerThre"), "the JIT's C1 compiler: " + nice);
        } finally {
            client.close();
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /**
     * The nice values of a process's threads, by thread name ({@code NioProcessor-N} as one), from
     * {@code /proc/PID/task/TID/stat}.
     */
    private static Map<String, Set<Integer>> niceByThreadName(long pid) throws IOException {
        Map<String, Set<Integer>> nice = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the name (field 2) may hold spaces; the fields after it are fixed, nice is field 19
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).strip().replaceFirst("^NioProcessor-\\d+$", "NioProcessor");
                    nice.computeIfAbsent(name, n -> new TreeSet<>()).add(Integer.parseInt(fields[16]));
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            }
        }
        return nice;
    }
}
