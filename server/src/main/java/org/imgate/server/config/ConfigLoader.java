package org.imgate.server.config;

import org.imgate.policy.PolicyConfig;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.imgate.proxy.XmppConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the imgate configuration file into an {@link ImgateConfig}. Unknown keys, wrong types and
 * bad values become a {@link YamlException} naming the file as the operator wrote it, the line and
 * the key path. Relative paths in the file ({@code data-dir}, {@code search.index-dir}, {@code policy.file},
 * {@code xmpp.upstream-trust}) are resolved against the working directory, the same way the
 * {@code --config} path itself is, so a file behaves the same whoever reads it.
 *
 * <p>Thread-safe: it holds no per-load state.
 */
public final class ConfigLoader {
    /** Far beyond any real configuration; stops a wrong path (a log, a disk image) from filling memory. */
    static final long MAX_BYTES = 1 << 20;

    private final YamlBinder binder;
    private final Supplier<String> hostName;

    /**
     * @param binder   binds the YAML text
     * @param hostName supplies the default node id when the file sets none; called only then
     */
    public ConfigLoader(YamlBinder binder, Supplier<String> hostName) {
        this.binder = Objects.requireNonNull(binder, "binder");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
    }

    /**
     * Loads {@code file}.
     *
     * @param file       the configuration file as the operator named it; errors repeat it verbatim
     * @param workingDir the directory relative paths (this file's and those inside it) resolve against
     * @throws YamlException when the file is missing, unreadable or wrong in any key
     */
    public ImgateConfig load(Path file, Path workingDir) throws YamlException {
        Path base = workingDir.toAbsolutePath().normalize();
        String text = readText(file, base.resolve(file));
        if (hasNoContent(text)) {
            // Jackson would say "expected mapping"; an empty file is far more often a wrong path or a
            // truncated copy than a wish for all defaults, so say what it is.
            throw new YamlException(file, 0, "", "the file is empty (no keys); start from conf/imgate.yaml", null);
        }
        ConfigDocument document = binder.read(text, file, ConfigDocument.class);
        String nodeId = document.nodeId() != null ? document.nodeId().value() : defaultNodeId(file);
        XmppConfig xmpp = document.xmpp();
        List<Path> trust = xmpp.upstreamTrust().stream().map(p -> resolve(base, p)).toList();
        Path dataDir = resolve(base, document.dataDir());
        Path indexDir = indexDir(file, text, dataDir, base, document.search().indexDir());
        return new ImgateConfig(
                dataDir,
                indexDir,
                nodeId,
                document.archive(),
                new XmppConfig(xmpp.listen(), xmpp.upstreams(), trust, xmpp.limits()),
                document.msn(),
                new PolicyConfig(resolve(base, document.policy().file())));
    }

    private Path indexDir(Path file, String text, Path dataDir, Path base, Path written) throws YamlException {
        if (written == null) {
            return ImgateConfig.defaultIndexDir(dataDir);
        }
        Path indexDir = resolve(base, written);
        String clash = ImgateConfig.indexDirClash(dataDir, indexDir);
        if (clash != null) {
            throw new YamlException(file, binder.lineOf(text, "search.index-dir"), "search.index-dir", clash, null);
        }
        return indexDir;
    }

    private static String readText(Path shownAs, Path absolute) throws YamlException {
        try {
            if (Files.isDirectory(absolute)) {
                throw new YamlException(shownAs, 0, "", "is a directory, not a configuration file", null);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(absolute)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new YamlException(shownAs, 0, "", "larger than " + MAX_BYTES + " bytes; is this the configuration file?", null);
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new YamlException(shownAs, 0, "", "no such file (looked for " + absolute + ")", e);
        } catch (CharacterCodingException e) {
            throw new YamlException(shownAs, 0, "", "not UTF-8 text", e);
        } catch (IOException e) {
            throw new YamlException(shownAs, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean hasNoContent(String text) {
        return text.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#") || line.equals("---"));
    }

    private String defaultNodeId(Path file) throws YamlException {
        String host = hostName.get();
        if (!NodeId.isValid(host)) {
            throw new YamlException(file, 0, "node-id",
                    "not set, and the host name '" + host + "' cannot serve as one; set node-id", null);
        }
        return host;
    }

    private static Path resolve(Path base, Path path) {
        return base.resolve(path).normalize();
    }
}
