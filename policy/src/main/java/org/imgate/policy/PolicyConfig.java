package org.imgate.policy;

import java.nio.file.Path;

/**
 * The {@code policy:} section of the configuration.
 *
 * @param file the policy file (YAML); default {@code conf/policy.yaml}
 */
public record PolicyConfig(Path file) {
    public PolicyConfig {
        file = file == null ? Path.of("conf/policy.yaml") : file;
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(null);
    }
}
