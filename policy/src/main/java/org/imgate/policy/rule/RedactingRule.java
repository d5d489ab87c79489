package org.imgate.policy.rule;

/**
 * A rule that can hide parts of a message body. When several such rules match one message, the
 * engine passes the body through each of them in turn, so every rule's words are hidden and not only
 * those of the rule that would otherwise win.
 */
public interface RedactingRule {

    /** Whether this rule redacts at all (a keywords rule does only with {@code action: redact}). */
    boolean redacts();

    /** {@code text} with this rule's matches masked, or {@code null} when nothing in it matches. */
    String redact(String text);
}
