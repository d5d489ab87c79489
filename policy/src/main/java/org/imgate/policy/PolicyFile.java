package org.imgate.policy;

import org.imgate.policy.rule.Rule;
import org.imgate.policy.rule.RuleSpec;
import org.imgate.policy.yaml.YamlValueException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy file ({@code policy.file}, by default {@code conf/policy.yaml}) as written; the shipped
 * default documents the format in its comments.
 *
 * @param version required; any text naming this revision of the policy, recorded with decisions
 * @param notices texts imgate shows users on its own behalf; defaults when left out
 * @param rules   required (write {@code rules: []} for none); evaluated in this order, ids unique
 */
public record PolicyFile(String version, Notices notices, List<RuleSpec> rules) {
    public PolicyFile {
        if (version == null || version.isBlank()) {
            throw new YamlValueException("version", "give the policy a version (any text, e.g. 2026-11-22.1);"
                    + " it is recorded with every decision");
        }
        version = version.strip();
        notices = notices == null ? Notices.defaults() : notices;
        if (rules == null) {
            throw new YamlValueException("rules", "the policy has no 'rules' (write 'rules: []' to allow everything)");
        }
        Map<String, Integer> firstUse = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleSpec rule = rules.get(i);
            if (rule == null) {
                throw new YamlValueException("rules[" + i + "]", "rule is empty");
            }
            Integer earlier = firstUse.putIfAbsent(rule.id(), i);
            if (earlier != null) {
                throw new YamlValueException("rules[" + i + "].id", "duplicate rule id '" + rule.id()
                        + "' (rules[" + earlier + "] already uses it)");
            }
        }
        rules = List.copyOf(rules);
    }

    /** Compiles the rules into an engine. */
    public PolicyEngine toEngine() {
        List<Rule> compiled = rules.stream().map(RuleSpec::compile).toList();
        return new PolicyEngine(version, notices, compiled);
    }
}
