package org.imgate.bench;

import org.imgate.archive.ArchiveKeys;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.JournalVerifier;
import org.imgate.archive.RecordType;
import org.imgate.archive.VerifyReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * How long opening a journal (recovery re-reads and re-hashes every segment) and verifying it take,
 * per record. Prints figures; not a test. Usage: {@code bench/run JournalOpenBench [--records N]}.
 */
public final class JournalOpenBench {
    private JournalOpenBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = 400_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--records")) {
                records = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + "; usage: JournalOpenBench [--records N]");
            }
        }
        Path root = Files.createTempDirectory("imgate-open-bench");
        try {
            JournalSettings settings = new JournalSettings(root, "bench", null, null, null);
            byte[] payload = new byte[256];
            try (Journal j = Journal.open(settings)) {
                List<CompletableFuture<Long>> pending = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    pending.add(j.append(RecordType.AUDIT, payload));
                    if (pending.size() == 16_384) {
                        for (CompletableFuture<Long> f : pending) {
                            f.get();
                        }
                        pending.clear();
                    }
                }
                for (CompletableFuture<Long> f : pending) {
                    f.get();
                }
            }
            long bytes;
            try (Stream<Path> s = Files.list(settings.journalDir())) {
                bytes = s.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("journal of %,d records, %,d MB (256-byte payloads, page cache warm)%n", records,
                    bytes >> 20);
            for (int round = 1; round <= 3; round++) {
                long t = System.nanoTime();
                try (Journal j = Journal.open(settings)) {
                    double ms = (System.nanoTime() - t) / 1e6;
                    System.out.printf("open (recovery scan) round %d: %,8.0f ms = %.2f us/record%n", round, ms,
                            ms * 1000 / j.lastSequence());
                }
            }
            long t = System.nanoTime();
            VerifyReport r = new JournalVerifier().verify(settings.journalDir(),
                    ArchiveKeys.readPublicKey(root.resolve("keys").resolve("archive-signing-key.pub.pem")));
            double ms = (System.nanoTime() - t) / 1e6;
            System.out.printf("verify: %,8.0f ms = %.2f us/record, %s%n", ms, ms * 1000 / r.recordsChecked(),
                    r.ok() ? "OK" : r.problem());
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
