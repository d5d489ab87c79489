package org.imgate.policy.rule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of a policy file's {@code rules}, as written; its {@code kind} selects the record. A new
 * rule kind is a new record here plus the {@link Rule} it compiles to. Implementations validate
 * themselves in their constructors, blaming the offending key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientVersionRuleSpec.class, name = ClientVersionRuleSpec.KIND),
        @JsonSubTypes.Type(value = KeywordsRuleSpec.class, name = KeywordsRuleSpec.KIND)})
public sealed interface RuleSpec permits ClientVersionRuleSpec, KeywordsRuleSpec {

    String id();

    /** Builds the rule the engine runs. */
    Rule compile();
}
