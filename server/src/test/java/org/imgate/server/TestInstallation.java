package org.imgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.server.cli.CliContext;
import org.imgate.server.config.ConfigLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An imgate installation in a temporary directory, driven as an operator would: write its
 * configuration and policy, run verbs in-process through the real wiring, and run {@code serve}
 * while something else happens. Node id {@code node-1}, data under {@code data/}.
 */
public final class TestInstallation {
    public static final String MINIMAL_POLICY = "version: test\nrules: []\n";
    /** The policy version the {@link #message} decisions record. */
    public static final String DECIDING_POLICY = "2003-09-01.1";
    /** The configuration every installation starts from; {@code extraConfig} is appended to it. */
    public static final String BASE_CONFIG = """
            data-dir: data
            node-id: node-1
            policy:
              file: conf/policy.yaml
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Run(int code, String out, String err) {
    }

    private final Path dir;
    private final YamlBinder yaml = new YamlBinder();

    public TestInstallation(Path dir, String extraConfig, String policy) throws IOException {
        this.dir = dir;
        write("conf/imgate.yaml", BASE_CONFIG + extraConfig);
        write("conf/policy.yaml", policy);
    }

    /** Writes (or replaces) a file of the installation, e.g. its configuration. */
    public void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The node's journal, opened as its one writer (as a running server holds it). */
    public Journal openJournal() throws IOException {
        return Journal.open(new JournalSettings(dir.resolve("data"), "node-1", ArchiveConfig.defaults(), null, null));
    }

    /** Archives decisions, each durable before the next. */
    public static void record(Journal journal, Decision... decisions) throws Exception {
        for (Decision decision : decisions) {
            journal.record(decision).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A one-to-one message decision; internal when the recipient is a known employee. The message id is
     * derived from the time, so give each message of a test its own time. Decided by policy version
     * {@value #DECIDING_POLICY}.
     */
    public static Decision message(String time, Network network, String conversation, Participant from,
                                   Participant to, String body, Verdict verdict, List<String> rules) {
        Direction direction = to.employee() != null ? Direction.INTERNAL : Direction.EXTERNAL;
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + from.handle()), network, Instant.parse(time),
                conversation, from, List.of(to), body, "text/plain", direction, "m-" + time, null);
        return new Decision(m, verdict, rules, DECIDING_POLICY);
    }

    /** The AUDIT records in the journal, oldest first. */
    public List<JsonNode> audits() throws Exception {
        List<JsonNode> audits = new ArrayList<>();
        try (Stream<JournalRecord> records = JournalReader.open(chain()).records(1)) {
            for (JournalRecord r : records.filter(r -> r.type() == RecordType.AUDIT).toList()) {
                audits.add(JSON.readTree(r.payload()));
            }
        }
        return audits;
    }

    public Path dir() {
        return dir;
    }

    public Path chain() {
        return dir.resolve("data/journal/node-1");
    }

    public Run run(String... args) {
        return run(dir, new ShutdownSignal(), args);
    }

    /** Runs a verb as if started from {@code workingDir}. */
    public Run runFrom(Path workingDir, String... args) {
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

    public interface WhileServing {
        void run() throws Exception;
    }

    /**
     * Starts {@code serve}, waits until it is up (its admin channel answers), runs {@code whileServing},
     * stops the server and returns what serve printed.
     */
    public Run serve(WhileServing whileServing) throws Exception {
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
