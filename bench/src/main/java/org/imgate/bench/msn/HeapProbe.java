package org.imgate.bench.msn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's heap with {@code jcmd}: the heap used after full collections ({@code GC.run} twice,
 * then {@code GC.heap_info}), and the live-object class histogram ({@code GC.class_histogram}, which
 * collects first), so two snapshots give what a set of sessions holds, class by class.
 *
 * <p>Stateless apart from the process id; thread-safe.
 */
final class HeapProbe {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** One class's live instances and bytes. */
    record ClassUse(String name, long instances, long bytes) {
    }

    private final String pid;

    HeapProbe(String pid) {
        this.pid = pid;
    }

    long usedKbAfterFullGc() throws Exception {
        jcmd("GC.run");
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info printed no 'used NK': " + info);
        }
        return Long.parseLong(m.group(1));
    }

    Map<String, ClassUse> histogram() throws Exception {
        Map<String, ClassUse> rows = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                rows.merge(m.group(3), new ClassUse(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new ClassUse(a.name(), a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return rows;
    }

    /**
     * The {@code rows} classes that grew most in bytes from {@code before} to {@code after}, with their
     * growth per {@code sessions} (instances and bytes per session).
     */
    static String delta(Map<String, ClassUse> before, Map<String, ClassUse> after, int sessions, int rows) {
        List<ClassUse> grown = new ArrayList<>();
        long total = 0;
        for (ClassUse a : after.values()) {
            ClassUse b = before.getOrDefault(a.name(), new ClassUse(a.name(), 0, 0));
            grown.add(new ClassUse(a.name(), a.instances() - b.instances(), a.bytes() - b.bytes()));
            total += a.bytes() - b.bytes();
        }
        for (ClassUse b : before.values()) {
            if (!after.containsKey(b.name())) {
                grown.add(new ClassUse(b.name(), -b.instances(), -b.bytes()));
                total -= b.bytes();
            }
        }
        grown.sort((x, y) -> Long.compare(y.bytes(), x.bytes()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  %12s %12s %10s %10s  %s%n", "+instances", "+bytes", "inst/sess", "B/sess", "class"));
        for (ClassUse c : grown.subList(0, Math.min(rows, grown.size()))) {
            out.append(String.format(Locale.ROOT, "  %12d %12d %10.2f %10.1f  %s%n", c.instances(), c.bytes(),
                    c.instances() / (double) sessions, c.bytes() / (double) sessions, c.name()));
        }
        out.append(String.format(Locale.ROOT, "  %12s %12d %10s %10.1f  %s%n", "", total, "", total / (double) sessions,
                "(all classes)"));
        return out.toString();
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
