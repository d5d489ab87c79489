package org.imgate.server.config;

import org.imgate.core.FailureMode;
import org.imgate.core.HostPort;
import org.imgate.proxy.xmpp.XmlLimits;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;

import org.imgate.proxy.xmpp.XmlLimits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(new YamlBinder(), () -> "gate-host.example.com");

    private ImgateConfig load(String yaml) throws Exception {
        write("imgate.yaml", yaml);
        return loader.load(Path.of("imgate.yaml"), dir);
    }

    private YamlException failure(String yaml) throws IOException {
        write("imgate.yaml", yaml);
        return assertThrows(YamlException.class, () -> loader.load(Path.of("imgate.yaml"), dir));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void missingKeysTakeTheDocumentedDefaults() throws Exception {
        ImgateConfig config = load("archive:\n  failure-mode: closed\n");
        assertEquals(dir.resolve("data"), config.dataDir());
        assertEquals("gate-host.example.com", config.nodeId(), "node-id defaults to the host name");
        assertEquals(FailureMode.CLOSED, config.archive().failureMode());
        assertEquals(Period.ofYears(7), config.archive().retention());
        assertEquals(64L << 20, config.archive().segmentBytes());
        assertEquals(new HostPort("0.0.0.0", 5222), config.xmpp().listen());
        assertEquals(Map.of(), config.xmpp().upstreams());
        assertEquals(new HostPort("0.0.0.0", 1863), config.msn().listen());
        assertEquals(null, config.msn().upstream(), "MSN interception is off until an upstream is configured");
        assertEquals("127.0.0.1", config.msn().advertiseHost());
        assertEquals(dir.resolve("conf/policy.yaml"), config.policy().file());
        assertEquals(dir.resolve("data/journal"), config.journalDir());
        assertEquals(dir.resolve("data/keys"), config.keysDir());
        assertEquals(dir.resolve("data/index"), config.indexDir());
    }

    @Test
    void theIndexCanLiveOutsideTheDataDirectory() throws Exception {
        assertEquals(dir.resolve("ssd/index"), load("data-dir: data\nsearch:\n  index-dir: ssd/index\n").indexDir(),
                "a relative index-dir resolves against the working directory, as data-dir does");
        assertEquals(Path.of("/srv/index"), load("search:\n  index-dir: /srv/index\n").indexDir());
    }

    @Test
    void anIndexDirThatWouldShareTheJournalsKeysOrStateDirectoryStopsStartUpAtItsLine() throws Exception {
        for (String clashing : List.of("data", ".", "data/journal", "data/keys/index", "data/state")) {
            YamlException e = failure("data-dir: data\nnode-id: n1\nsearch:\n  index-dir: " + clashing + "\n");
            assertEquals(4, e.line(), e.getMessage());
            assertEquals("search.index-dir", e.keyPath(), e.getMessage());
            assertTrue(e.problem().contains("give the index a directory of its own"), e.problem());
        }
        assertEquals(dir.resolve("data/index-2"), load("data-dir: data\nsearch:\n  index-dir: data/index-2\n").indexDir(),
                "a directory of its own beside the others is fine");
    }

    @Test
    void everyKeyOfTheContractIsBound() throws Exception {
        ImgateConfig config = load("""
                data-dir: /srv/imgate
                node-id: node-7
                archive:
                  failure-mode: open
                  retention: P10Y
                  segment-bytes: 1048576
                  checkpoint-every: 500
                  checkpoint-interval: PT30S
                  commit-window: PT0.005S
                  max-batch: 128
                  purge-at: "01:30"
                xmpp:
                  listen: 10.0.0.5:5223
                  upstreams:
                    corp.example: xmpp.corp.example:5222
                    partner.example: '[2001:db8::1]:5269'
                  upstream-trust: [certs/corp-ca.pem, /etc/ssl/partner.pem]
                msn:
                  listen: '[::1]:1864'
                  upstream: dispatch.example:1863
                  advertise-host: gate.corp.example
                  switchboard-listen: '[::1]:1870'
                  ns-port-first: 1871
                  ns-port-last: 1880
                  internal-domains: [Corp.Example]
                  cvr-overrides:
                    - family: MSN Messenger
                      recommended: 6.2.0208
                      minimum: "6.0"
                      download-url: http://mirror.corp.example/msn/6.2
                      info-url: http://intranet.corp.example/im
                policy:
                  file: /etc/imgate/policy.yaml
                """);
        assertEquals(Path.of("/srv/imgate"), config.dataDir());
        assertEquals("node-7", config.nodeId());
        assertEquals(FailureMode.OPEN, config.archive().failureMode());
        assertEquals(Period.ofYears(10), config.archive().retention());
        assertEquals(1_048_576L, config.archive().segmentBytes());
        assertEquals(500, config.archive().checkpointEvery());
        assertEquals(Duration.ofSeconds(30), config.archive().checkpointInterval());
        assertEquals(Duration.ofMillis(5), config.archive().commitWindow());
        assertEquals(128, config.archive().maxBatch());
        assertEquals(new HostPort("10.0.0.5", 5223), config.xmpp().listen());
        assertEquals(Map.of("corp.example", new HostPort("xmpp.corp.example", 5222),
                "partner.example", new HostPort("2001:db8::1", 5269)), config.xmpp().upstreams());
        assertEquals(List.of(dir.resolve("certs/corp-ca.pem"), Path.of("/etc/ssl/partner.pem")),
                config.xmpp().upstreamTrust());
        assertEquals(new HostPort("::1", 1864), config.msn().listen());
        assertEquals(new HostPort("dispatch.example", 1863), config.msn().upstream());
        assertEquals("gate.corp.example", config.msn().advertiseHost());
        assertEquals(new HostPort("::1", 1870), config.msn().switchboardListen());
        assertEquals(1871, config.msn().nsPortFirst());
        assertEquals(1880, config.msn().nsPortLast());
        assertEquals(List.of("corp.example"), config.msn().internalDomains());
        assertEquals(1, config.msn().cvrOverrides().size());
        assertEquals("6.0", config.msn().cvrOverrides().get(0).minimum().text());
        assertEquals("http://mirror.corp.example/msn/6.2", config.msn().cvrOverrides().get(0).downloadUrl());
        assertEquals(java.time.LocalTime.of(1, 30), config.archive().purgeAt());
        assertEquals(Path.of("/etc/imgate/policy.yaml"), config.policy().file());
    }

    @Test
    void xmppLimitsBindAndMissingOnesTakeTheDefaults() throws Exception {
        ImgateConfig config = load("""
                node-id: n1
                xmpp:
                  limits:
                    max-stanza-bytes: 524288
                    max-depth: 16
                    max-attributes: 20
                """);
        XmlLimits limits = config.xmpp().xmlLimits();
        assertEquals(524_288, limits.maxStanzaBytes());
        assertEquals(16, limits.maxDepth());
        assertEquals(20, limits.maxAttributes());
        assertEquals(XmlLimits.defaults().maxBytesBeforeAuth(), limits.maxBytesBeforeAuth(),
                "max-bytes-before-auth was not given");

        ImgateConfig none = load("node-id: n1\nxmpp:\n  listen: 127.0.0.1:5222\n");
        assertEquals(XmlLimits.defaults(), none.xmpp().xmlLimits());
    }

    @Test
    void outOfRangeXmppLimitNamesItsKeyAndLine() throws IOException {
        YamlException depth = failure("node-id: n1\nxmpp:\n  limits:\n    max-stanza-bytes: 65536\n    max-depth: 1\n");
        // The proxy may not depend on the binder: the record names the bad key first in its message and
        // the binder blames that key's own line.
        assertEquals("xmpp.limits.max-depth", depth.keyPath(), depth.getMessage());
        assertEquals(5, depth.line(), depth.getMessage());
        assertTrue(depth.getMessage().startsWith(
                "imgate.yaml:5: xmpp.limits.max-depth: max-depth must be between 2 and 1000, was 1"), depth.getMessage());

        YamlException auth = failure("node-id: n1\nxmpp:\n  limits:\n    max-bytes-before-auth: 0\n");
        assertEquals("xmpp.limits.max-bytes-before-auth", auth.keyPath(), auth.getMessage());
        assertEquals(4, auth.line(), auth.getMessage());

        YamlException host = failure("node-id: n1\nmsn:\n  listen: 127.0.0.1:1863\n  advertise-host: 'a b'\n");
        assertEquals("msn.advertise-host", host.keyPath(), host.getMessage());
        assertEquals(4, host.line(), host.getMessage());
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectoryNotTheFile() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        write("etc/imgate.yaml", "data-dir: ../var/data\nnode-id: n1\npolicy:\n  file: rules/policy.yaml\n");
        ImgateConfig config = loader.load(Path.of("etc/imgate.yaml"), dir);
        assertEquals(dir.getParent().resolve("var/data"), config.dataDir());
        assertEquals(dir.resolve("rules/policy.yaml"), config.policy().file());
    }

    @Test
    void typoedKeyNamesFileLineAndKeyPath() throws IOException {
        YamlException e = failure("data-dir: data\nnode-id: n1\narchive:\n  failure-mode: closed\n  retension: P7Y\n");
        assertEquals(5, e.line());
        assertEquals("archive.retension", e.keyPath());
        assertTrue(e.getMessage().startsWith("imgate.yaml:5: archive.retension: unknown key 'retension'"), e.getMessage());
        assertTrue(e.getMessage().contains("retention"), "suggests the known keys: " + e.getMessage());
    }

    @Test
    void typoedTopLevelKeyIsNamed() throws IOException {
        YamlException e = failure("node-id: n1\ndata-dri: data\n");
        assertEquals(2, e.line());
        assertEquals("data-dri", e.keyPath());
        assertTrue(e.problem().contains("data-dir"), e.problem());
    }

    @Test
    void wrongTypesAreReportedAtTheirKey() throws IOException {
        YamlException number = failure("node-id: n1\narchive:\n  max-batch: lots\n");
        assertEquals(3, number.line());
        assertEquals("archive.max-batch", number.keyPath());

        YamlException shape = failure("node-id: n1\nxmpp:\n  upstreams: [example.test]\n");
        assertEquals("xmpp.upstreams", shape.keyPath());
        assertEquals(3, shape.line());

        YamlException mode = failure("archive:\n  failure-mode: maybe\n");
        assertEquals("archive.failure-mode", mode.keyPath());
        assertTrue(mode.problem().contains("closed, open"), mode.problem());
    }

    @Test
    void badHostPortIsReportedWithTheValue() throws IOException {
        YamlException noPort = failure("node-id: n1\nmsn:\n  listen: 127.0.0.1:1863\n  upstream: messenger.hotmail.com\n");
        assertEquals(4, noPort.line());
        assertEquals("msn.upstream", noPort.keyPath());
        assertTrue(noPort.problem().contains("'messenger.hotmail.com' is not host:port"), noPort.problem());

        YamlException range = failure("node-id: n1\nxmpp:\n  listen: 0.0.0.0:70000\n");
        assertEquals("xmpp.listen", range.keyPath());
        assertTrue(range.problem().contains("out of range"), range.problem());
    }

    @Test
    void badPeriodAndDurationAreReported() throws IOException {
        YamlException period = failure("node-id: n1\narchive:\n  retention: 7 years\n");
        assertEquals(3, period.line());
        assertEquals("archive.retention", period.keyPath());
        assertTrue(period.problem().contains("ISO-8601 period"), period.problem());

        YamlException negative = failure("node-id: n1\narchive:\n  retention: P-1Y\n");
        assertTrue(negative.problem().contains("retention must be a positive period"), negative.problem());

        YamlException window = failure("node-id: n1\narchive:\n  commit-window: PT1S\n");
        assertTrue(window.problem().contains("commit-window must be between 0 and 100 ms"), window.problem());
    }

    @Test
    void badNodeIdIsRejectedAndAnUnusableHostNameAsksForOne() throws Exception {
        YamlException spaced = failure("node-id: node 1\n");
        assertEquals("node-id", spaced.keyPath());
        assertTrue(spaced.problem().contains("node-id 'node 1'"), spaced.problem());

        write("imgate.yaml", "data-dir: data\n");
        ConfigLoader noHost = new ConfigLoader(new YamlBinder(), () -> "");
        YamlException e = assertThrows(YamlException.class, () -> noHost.load(Path.of("imgate.yaml"), dir));
        assertEquals("node-id", e.keyPath());
        assertTrue(e.problem().contains("set node-id"), e.problem());
    }

    @Test
    void listenersOnTheSameAddressAreRejected() throws IOException {
        YamlException e = failure("node-id: n1\nxmpp:\n  listen: 127.0.0.1:5222\nmsn:\n  listen: 127.0.0.1:5222\n");
        assertTrue(e.problem().contains("msn.listen and xmpp.listen are both 127.0.0.1:5222"), e.problem());
    }

    @Test
    void missingFileIsNamedAsWrittenAndWhereItWasLookedFor() {
        YamlException e = assertThrows(YamlException.class, () -> loader.load(Path.of("conf/nope.yaml"), dir));
        assertTrue(e.getMessage().startsWith("conf/nope.yaml: no such file"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("conf/nope.yaml").toString()), e.getMessage());
    }

    @Test
    void emptyOrCommentOnlyFileIsAnError() throws IOException {
        for (String text : List.of("", "\n\n", "# only a comment\n---\n")) {
            YamlException e = failure(text);
            assertTrue(e.getMessage().startsWith("imgate.yaml: the file is empty"), e.getMessage());
        }
    }

    @Test
    void brokenYamlAndDuplicateKeysAreRejected() throws IOException {
        YamlException broken = failure("node-id: n1\narchive: [\n");
        assertTrue(broken.line() >= 2, broken.getMessage());
        YamlException duplicate = failure("node-id: a\ndata-dir: x\nnode-id: b\n");
        assertEquals(3, duplicate.line());
    }

    @Test
    void directoryAndNonUtf8FilesAreRejected() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        YamlException directory = assertThrows(YamlException.class, () -> loader.load(Path.of("conf.d"), dir));
        assertTrue(directory.problem().contains("is a directory"), directory.problem());

        Files.write(dir.resolve("latin1.yaml"), "node-id: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        YamlException latin1 = assertThrows(YamlException.class, () -> loader.load(Path.of("latin1.yaml"), dir));
        assertTrue(latin1.problem().contains("not UTF-8"), latin1.problem());
    }

    @Test
    void hugeFileIsRejectedBeforeParsing() throws IOException {
        YamlException e = failure("# padding\n".repeat(120_000));
        assertTrue(e.problem().contains("larger than 1048576 bytes"), e.problem());
    }

    @Test
    void shippedConfigurationBindsWithLoopbackDefaults() throws Exception {
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        ImgateConfig config = loader.load(Path.of("conf/imgate.yaml"), repo);
        assertEquals(repo.resolve("data"), config.dataDir());
        assertEquals(FailureMode.CLOSED, config.archive().failureMode());
        assertEquals(new HostPort("127.0.0.1", 5222), config.xmpp().listen());
        assertEquals(Map.of("example.test", new HostPort("127.0.0.1", 15222)), config.xmpp().upstreams());
        assertEquals(new HostPort("127.0.0.1", 1863), config.msn().listen());
        assertEquals("127.0.0.1", config.msn().upstream().host());
        assertEquals(repo.resolve("conf/policy.yaml"), config.policy().file());
    }
}
