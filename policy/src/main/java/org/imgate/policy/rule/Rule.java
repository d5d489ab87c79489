package org.imgate.policy.rule;

import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;

import java.util.Optional;
import java.util.Set;

/**
 * One compiled policy rule. The engine asks a rule only about events its {@link #scope()} covers
 * and whose kind is among {@link #judges()}. Implementations are immutable and thread-safe, and
 * allocate as little as they can on the message path.
 */
public interface Rule {

    /** The rule's id from the policy file, recorded with every decision it contributes to. */
    String id();

    Scope scope();

    /** The event kinds this kind of rule has anything to say about. */
    Set<EventKind> judges();

    /** The verdict this rule reaches on {@code event}, or empty when it does not match. */
    Optional<Verdict> judge(ImEvent event);
}
