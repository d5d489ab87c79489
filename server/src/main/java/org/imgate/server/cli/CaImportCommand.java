package org.imgate.server.cli;

import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code imgate ca import FILE}: takes an existing CA (PEM with certificate and key, or PKCS#12). The
 * password comes from an environment variable, never from the command line, where other users of the
 * machine could read it in the process list.
 */
@Command(name = "import", description = "Import an existing CA from a PEM (certificate + key) or PKCS#12 file.")
public final class CaImportCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CA: .pem with certificate and private key, or .p12/.pfx.")
    private Path source;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "IMGATE_CA_PASSWORD",
            description = "Environment variable holding the key's or the PKCS#12 file's password (default: ${DEFAULT-VALUE}).")
    private String passwordVariable;

    public CaImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        Path file = context.workingDir().resolve(source);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), file + ": no such file");
        }
        DataDirectory.prepare(loaded);
        String password = System.getenv(passwordVariable);
        String imported = context.backends().caImport(loaded, file,
                password == null ? new char[0] : password.toCharArray());
        spec.commandLine().getOut().println("imported " + imported);
        return ExitCode.OK;
    }
}
