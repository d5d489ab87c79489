package org.imgate.policy;

import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a policy file into a {@link PolicyEngine}. Used at start-up and by {@code imgate config check}
 * and {@code imgate policy check}; every problem is a {@link YamlException} naming file, line and key
 * path. Thread-safe.
 */
public final class PolicyLoader {
    private final YamlBinder binder;

    public PolicyLoader(YamlBinder binder) {
        this.binder = Objects.requireNonNull(binder, "binder");
    }

    /** Loads the file {@code config} names. */
    public PolicyEngine load(PolicyConfig config) throws YamlException {
        return load(config.file());
    }

    public PolicyEngine load(Path file) throws YamlException {
        return binder.read(file, PolicyFile.class).toEngine();
    }

    /** Loads policy text; {@code origin} names it in errors. */
    public PolicyEngine load(String yamlText, Path origin) throws YamlException {
        return binder.read(yamlText, origin, PolicyFile.class).toEngine();
    }
}
