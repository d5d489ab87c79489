package org.imgate.policy.rule;

import org.imgate.policy.yaml.YamlValueException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validation shared by the rule specs; every failure blames a key. */
final class SpecChecks {
    /** Ids stay plain so they read well in search results; {@code :} is kept for imgate's own ids. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SpecChecks() {
    }

    static String id(String id) {
        if (id == null || id.isBlank()) {
            throw new YamlValueException("id", "every rule needs an id");
        }
        if (!ID.matcher(id).matches()) {
            throw new YamlValueException("id", "rule id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit (ids with ':' are reserved for imgate)");
        }
        return id;
    }

    static Action action(Action action, String kind, Set<Action> allowed) {
        String names = allowed.stream().map(Action::toString).sorted().collect(Collectors.joining(", "));
        if (action == null) {
            throw new YamlValueException("action", "say what the rule does: one of " + names);
        }
        if (!allowed.contains(action)) {
            throw new YamlValueException("action", "action '" + action + "' is not available to " + kind
                    + " rules (one of: " + names + ")");
        }
        return action;
    }

    /** Actions the user notices need a notice; a flag is silent and must not pretend otherwise. */
    static String notice(String notice, Action action) {
        if (action == Action.FLAG || action == Action.REDACT) {
            if (notice != null) {
                throw new YamlValueException("notice", "action '" + action
                        + "' is silent (the user sees no notice), so it takes none");
            }
            return null;
        }
        if (notice == null || notice.isBlank()) {
            throw new YamlValueException("notice", "action '" + action + "' tells the user why: give a notice");
        }
        return notice.strip();
    }

    static Scope scope(Scope scope, String kind, Set<EventKind> judged) {
        Scope effective = scope == null ? Scope.everything() : scope;
        if (effective.restrictsEvents()) {
            for (EventKind event : effective.events()) {
                if (!judged.contains(event)) {
                    throw new YamlValueException("scope.events", kind + " rules never judge '" + event
                            + "' events (they judge: " + judged.stream().map(EventKind::toString).sorted()
                            .collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        return effective;
    }

    static List<String> entries(List<String> given, String key) {
        if (given == null) {
            return List.of();
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null || given.get(i).isBlank()) {
                throw new YamlValueException(key + "[" + i + "]", "entry is empty");
            }
        }
        return List.copyOf(given);
    }
}
