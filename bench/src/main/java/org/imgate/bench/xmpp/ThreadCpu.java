package org.imgate.bench.xmpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time of another JVM's threads, summed per kind of work, from {@code jcmd PID Thread.print} (which
 * prints each thread's {@code cpu=}): so that a per-message figure can say how much of imgate's CPU the
 * relay itself spends and how much the search index, the journal, or the JIT and GC. Threads are told
 * apart by name; what matches no group counts as "other". Stateless.
 */
final class ThreadCpu {

    /** Groups in print order, with the thread names that belong to each. */
    static final List<String> GROUPS = List.of("relay", "index", "journal", "jit", "gc", "other");
    private static final List<Map.Entry<String, Pattern>> RULES = List.of(
            Map.entry("relay", Pattern.compile("^imgate-(xmpp|msn)-io|^NioSocket|^NioProcessor|^pool-\\d+-thread",
                    Pattern.CASE_INSENSITIVE)),
            Map.entry("index", Pattern.compile("Lucene|search-index|index-refresh|imgate-index")),
            Map.entry("journal", Pattern.compile("^imgate-journal|checkpoint")),
            Map.entry("jit", Pattern.compile("CompilerThread|Sweeper")),
            Map.entry("gc", Pattern.compile("^GC |^G1 |VM Thread|VM Periodic")));
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\".*\\bcpu=([0-9.]+)ms", Pattern.MULTILINE);

    private ThreadCpu() {
    }

    /** Group name to CPU nanoseconds used so far by the live threads of the group. */
    static Map<String, Long> snapshot(String pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", pid, "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " Thread.print failed: " + out);
        }
        Map<String, Long> groups = new LinkedHashMap<>();
        GROUPS.forEach(g -> groups.put(g, 0L));
        Matcher m = THREAD.matcher(out);
        while (m.find()) {
            long nanos = (long) (Double.parseDouble(m.group(2)) * 1e6);
            groups.merge(groupOf(m.group(1)), nanos, Long::sum);
        }
        return groups;
    }

    static String groupOf(String threadName) {
        for (Map.Entry<String, Pattern> rule : RULES) {
            if (rule.getValue().matcher(threadName).find()) {
                return rule.getKey();
            }
        }
        return "other";
    }

    /** {@code after - before} per group (threads that ended in between are lost, which is why it is a split). */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        GROUPS.forEach(g -> d.put(g, Math.max(0, after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L))));
        return d;
    }
}
