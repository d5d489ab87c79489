package org.imgate.policy.text;

import java.util.Map;

/**
 * Maps folded words to small integer ids with open addressing, looked up straight from a char
 * buffer so that matching allocates nothing per word. Immutable once built; thread-safe.
 */
final class TokenTable {
    static final int ABSENT = -1;

    private final String[] keys;
    private final int[] ids;
    private final int mask;

    TokenTable(Map<String, Integer> idsByWord) {
        int capacity = Integer.highestOneBit(Math.max(4, idsByWord.size() * 2 + 1)) << 1;
        keys = new String[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
        idsByWord.forEach((word, id) -> {
            int slot = spread(word.hashCode()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = word;
            ids[slot] = id;
        });
    }

    /** The id of the word in {@code buffer[0, length)}, or {@link #ABSENT}. */
    int idOf(char[] buffer, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer[i];
        }
        for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (sameChars(keys[slot], buffer, length)) {
                return ids[slot];
            }
        }
        return ABSENT;
    }

    /** The id of {@code word}, or {@link #ABSENT}. */
    int idOf(String word) {
        for (int slot = spread(word.hashCode()) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot].equals(word)) {
                return ids[slot];
            }
        }
        return ABSENT;
    }

    private static boolean sameChars(String key, char[] buffer, int length) {
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != buffer[i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
