package org.imgate.policy.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton whose alphabet is word ids rather than characters: every pattern is a
 * sequence of words, and one pass over a text's words finds any pattern ending at any position,
 * whatever the number of patterns. Immutable once built; thread-safe.
 */
final class WordAutomaton {
    static final int ROOT = 0;
    static final int NO_MATCH = -1;

    private final int[][] labels;
    private final int[][] targets;
    private final int[] failure;
    private final int[] output;

    /** @param patterns word-id sequences, none empty; a pattern's index is what {@link #output} reports */
    WordAutomaton(List<int[]> patterns) {
        List<Map<Integer, Integer>> edges = new ArrayList<>();
        edges.add(new HashMap<>());
        int[] ownOutput = new int[sumOfLengths(patterns) + 1];
        Arrays.fill(ownOutput, NO_MATCH);
        for (int p = 0; p < patterns.size(); p++) {
            int state = ROOT;
            for (int word : patterns.get(p)) {
                Integer next = edges.get(state).get(word);
                if (next == null) {
                    next = edges.size();
                    edges.add(new HashMap<>());
                    edges.get(state).put(word, next);
                }
                state = next;
            }
            if (ownOutput[state] == NO_MATCH) {
                ownOutput[state] = p;
            }
        }
        int states = edges.size();
        labels = new int[states][];
        targets = new int[states][];
        for (int s = 0; s < states; s++) {
            TreeMap<Integer, Integer> sorted = new TreeMap<>(edges.get(s));
            labels[s] = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
            targets[s] = sorted.values().stream().mapToInt(Integer::intValue).toArray();
        }
        failure = new int[states];
        output = Arrays.copyOf(ownOutput, states);
        linkFailures();
    }

    private static int sumOfLengths(List<int[]> patterns) {
        return patterns.stream().mapToInt(p -> p.length).sum();
    }

    /** Breadth-first, so every state's failure target is final before its children are linked. */
    private void linkFailures() {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[ROOT]) {
            failure[child] = ROOT;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            for (int i = 0; i < labels[state].length; i++) {
                int word = labels[state][i];
                int child = targets[state][i];
                int fallback = failure[state];
                int next;
                while ((next = edge(fallback, word)) < 0 && fallback != ROOT) {
                    fallback = failure[fallback];
                }
                failure[child] = next >= 0 && next != child ? next : ROOT;
                if (output[child] == NO_MATCH) {
                    output[child] = output[failure[child]];
                }
                queue.add(child);
            }
        }
    }

    private int edge(int state, int word) {
        int i = Arrays.binarySearch(labels[state], word);
        return i >= 0 ? targets[state][i] : -1;
    }

    /** The state after reading {@code word}; an unknown word ({@code < 0}) belongs to no pattern. */
    int step(int state, int word) {
        if (word < 0) {
            return ROOT;
        }
        int s = state;
        while (true) {
            int next = edge(s, word);
            if (next >= 0) {
                return next;
            }
            if (s == ROOT) {
                return ROOT;
            }
            s = failure[s];
        }
    }

    /** The index of a pattern that ends in {@code state}, or {@link #NO_MATCH}. */
    int output(int state) {
        return output[state];
    }
}
