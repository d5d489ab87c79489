package org.imgate.server.cli;

import org.imgate.archive.LegalHold;
import org.imgate.server.ExitCode;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/**
 * {@code imgate hold place}: records a legal hold on everything involving a handle in a time range.
 * From then on no retention purge removes a segment holding such a record. Not thread-safe (picocli
 * fills it); one instance per command line.
 */
@Command(name = "place", description = "Place a legal hold on a participant's records in a time range.")
public final class HoldPlaceCommand implements Callable<Integer> {
    /** A hold without an end date lasts until it is released. */
    private static final Instant OPEN_END = LocalDate.of(9999, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant();

    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "Names the hold, e.g. the matter number; used to release it.")
    private String id;

    @Option(names = "--handle", required = true, paramLabel = "HANDLE",
            description = "The participant: an MSN sign-in name or an XMPP address (bare JID).")
    private String handle;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Start of the range: a day (2003-09-01) or an instant. Default: the beginning.")
    private Instant from = Instant.EPOCH;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeArgument.class,
            description = "End of the range (exclusive): a day or an instant. Default: no end.")
    private Instant until = OPEN_END;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why (a subpoena, an inquiry); kept in the journal with the hold.")
    private String reason;

    public HoldPlaceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (!until.isAfter(from)) {
            throw new ParameterException(spec.commandLine(), "--until must be after --from");
        }
        ImgateConfig loaded = config.load(context);
        LegalHold hold = new LegalHold(id, handle, from, until, reason, OperatorName.current());
        try (ArchiveWriter writer = context.backends().archiveWriter(loaded)) {
            long seq = writer.placeHold(hold);
            spec.commandLine().getOut().printf("legal hold %s placed on %s from %s until %s (journal seq %d)%n",
                    id, handle, from, until.equals(OPEN_END) ? "released" : until, seq);
        }
        return ExitCode.OK;
    }
}
