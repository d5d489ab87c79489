package org.imgate.proxy.xmpp.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prosody (Debian's package) on a free loopback port, with a temporary configuration, a
 * self-signed certificate for example.test made by openssl, and registered users. Closing stops the
 * process by its PID and waits for it. Fails, never skips, when Prosody is not installed.
 */
public final class ProsodyServer implements AutoCloseable {

    public static final String DOMAIN = "example.test";
    public static final String MUC = "conference.example.test";

    private final Path dir;
    private final int port;
    private final Process process;

    private ProsodyServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static ProsodyServer start(Path dir, List<String> users) throws Exception {
        return start(dir, users, true);
    }

    /**
     * A Prosody that offers no STARTTLS at all (its tls module disabled, plain authentication allowed
     * in clear text): the misconfigured upstream imgate must refuse rather than relay in clear text.
     */
    public static ProsodyServer startWithoutTls(Path dir, List<String> users) throws Exception {
        return start(dir, users, false);
    }

    private static ProsodyServer start(Path dir, List<String> users, boolean tls) throws Exception {
        for (String tool : List.of("/usr/bin/prosody", "/usr/bin/prosodyctl", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: the XMPP end-to-end tests need Prosody and "
                        + "openssl; run scripts/test, which installs scripts/prerequisites.txt");
            }
        }
        Files.createDirectories(dir.resolve("data"));
        Path cert = dir.resolve("example.test.crt");
        Path key = dir.resolve("example.test.key");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + DOMAIN, "-addext", "subjectAltName=DNS:" + DOMAIN + ",DNS:" + MUC,
                "-keyout", key.toString(), "-out", cert.toString());
        int port = freePort();
        Path config = dir.resolve("prosody.cfg.lua");
        Files.writeString(config, """
                run_as_root = true
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                plugin_paths = {}
                interfaces = { "127.0.0.1" }
                c2s_ports = { %2$d }
                c2s_direct_tls_ports = {}
                s2s_ports = {}
                http_ports = {}
                https_ports = {}
                modules_disabled = { "s2s", "s2s_auth_certs"%7$s }
                modules_enabled = { "roster", "saslauth", %8$s"disco", "ping", "version", "carbons",
                                    "offline", "blocklist", "private", "smacks" }
                c2s_require_encryption = %9$s
                allow_unencrypted_plain_auth = %10$s
                authentication = "internal_hashed"
                storage = "internal"
                log = { { levels = { min = "info" }, to = "console" } }
                VirtualHost "%3$s"
                  ssl = { certificate = "%4$s"; key = "%5$s" }
                Component "%6$s" "muc"
                """.formatted(dir, port, DOMAIN, cert, key, MUC, tls ? "" : ", \"tls\"", tls ? "\"tls\", " : "",
                tls, !tls), StandardCharsets.UTF_8);
        for (String user : users) {
            run(dir, "prosodyctl", "--config", config.toString(), "register", user, DOMAIN, password(user));
        }
        Process process = new ProcessBuilder("prosody", "-F", "--config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prosody.log").toFile())
                .start();
        ProsodyServer server = new ProsodyServer(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!server.accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("Prosody did not start listening on 127.0.0.1:" + port + "; its log:\n"
                        + Files.readString(dir.resolve("prosody.log")));
            }
            Thread.sleep(50);
        }
        return server;
    }

    public static String password(String user) {
        return user + "-secret-pw";
    }

    public int port() {
        return port;
    }

    /** The server certificate (self-signed), as an upstream trust anchor file. */
    public Path certificate() {
        return dir.resolve("example.test.crt");
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("prosody.log"));
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command[0], command.length > 1 ? command[1] : "")
                    + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
