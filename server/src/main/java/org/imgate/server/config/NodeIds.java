package org.imgate.server.config;

import java.util.regex.Pattern;

/**
 * The rule for node ids. A node id names a hash chain in the journal and may become part of file
 * names, so it is kept to characters that are safe in both.
 */
final class NodeIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private NodeIds() {
    }

    static String check(String nodeId) {
        if (!VALID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node-id '" + nodeId
                    + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return nodeId;
    }

    static boolean isValid(String nodeId) {
        return nodeId != null && VALID.matcher(nodeId).matches();
    }
}
