package org.imgate.policy.yaml;

import java.nio.file.Path;

/**
 * A YAML file that could not be read or bound: it names the file, the line (1-based, 0 when
 * unknown) and the dotted key path ({@code archive.retention}, {@code rules[2].phrases}) so the
 * operator can go straight to the mistake.
 */
public final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;
    private final String keyPath;
    private final String problem;

    public YamlException(Path file, int line, String keyPath, String problem, Throwable cause) {
        super(format(file, line, keyPath, problem), cause);
        this.file = file;
        this.line = line;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private static String format(Path file, int line, String keyPath, String problem) {
        StringBuilder text = new StringBuilder().append(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            text.append(keyPath).append(": ");
        }
        return text.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }
}
