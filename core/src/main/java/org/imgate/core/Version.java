package org.imgate.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted client version such as {@code 6.2.0137} or {@code 5.0}, compared numerically part by
 * part, with missing trailing parts counting as zero ({@code 5.0 == 5.0.0}). Text after the
 * numeric parts (a {@code beta} suffix) is kept for display but ignored when comparing, because
 * vendors were never consistent about it.
 */
public record Version(String text, List<Integer> parts) implements Comparable<Version> {
    public Version {
        Checks.notBlank(text, "version");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("version '" + text + "' has no numeric part");
        }
    }

    /**
     * Parses a version.
     *
     * @throws IllegalArgumentException if the text does not start with a number
     */
    public static Version parse(String text) {
        Checks.notBlank(text, "version");
        List<Integer> parts = new ArrayList<>();
        String trimmed = text.strip();
        int i = 0;
        while (i < trimmed.length()) {
            int start = i;
            while (i < trimmed.length() && Character.isDigit(trimmed.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                break;
            }
            parts.add(Integer.parseInt(trimmed.substring(start, i)));
            if (i < trimmed.length() && trimmed.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("version '" + text + "' does not start with a number");
        }
        return new Version(trimmed, parts);
    }

    /** The same as {@link #parse}; the name lets configuration binders read a version from text. */
    public static Version valueOf(String text) {
        return parse(text);
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            int a = i < parts.size() ? parts.get(i) : 0;
            int b = i < other.parts.size() ? other.parts.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
