package org.imgate.policy;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;
import org.imgate.core.FailureMode;
import org.imgate.core.Gate;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.policy.rule.EventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Gate} the proxy asks about every event: evaluate the policy, hand the {@link Decision}
 * to the archive, and answer with the verdict only once the archive reports it durable.
 *
 * <p>When the archive fails (an exceptional future, or {@link DecisionSink#record} throwing or
 * returning nothing): in {@link FailureMode#CLOSED} the answer is a {@link Verdict.Block} with the
 * archive-unavailable notice, never a pass; in {@link FailureMode#OPEN} it is the policy's own
 * verdict. Both are logged at ERROR every time, naming the session and never the content.
 *
 * <p>When the policy itself throws (a bug), the event is recorded and answered as a
 * {@link Verdict.Block} with the policy-error notice under the reserved rule id
 * {@value #POLICY_ERROR_RULE} in both failure modes: the failure mode is about the archive's
 * availability, and an event no rule could look at has not been judged, so passing it would be a
 * silent pass.
 *
 * <p>Thread-safe; never blocks: the returned future completes on whichever thread completes the
 * sink's future (or on the caller's, when the sink fails synchronously).
 */
public final class ComplianceGate implements Gate {
    /** The rule id recorded when the policy could not be evaluated. */
    public static final String POLICY_ERROR_RULE = "imgate:policy-error";

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceGate.class);

    private final PolicyEngine engine;
    private final DecisionSink sink;
    private final FailureMode failureMode;
    private final Verdict archiveUnavailable;
    private final Verdict policyError;

    public ComplianceGate(PolicyEngine engine, DecisionSink sink, FailureMode failureMode, Notices notices) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.failureMode = Objects.requireNonNull(failureMode, "failure mode");
        this.archiveUnavailable = new Verdict.Block(notices.archiveUnavailable());
        this.policyError = new Verdict.Block(notices.policyError());
    }

    /** A gate using the notices of the engine's own policy file. */
    public ComplianceGate(PolicyEngine engine, DecisionSink sink, FailureMode failureMode) {
        this(engine, sink, failureMode, engine.notices());
    }

    @Override
    public CompletableFuture<Verdict> decide(ImEvent event) {
        Objects.requireNonNull(event, "event");
        Decision decision;
        try {
            Evaluation evaluation = engine.evaluate(event);
            decision = new Decision(event, evaluation.verdict(), evaluation.matchedRules(), engine.version());
        } catch (RuntimeException bug) {
            inSession(event, () -> LOG.error("Policy {} failed on a {} event of session {}; blocking it as {}",
                    engine.version(), EventKind.of(event), event.session(), POLICY_ERROR_RULE, bug));
            decision = new Decision(event, policyError, List.of(POLICY_ERROR_RULE), engine.version());
        }
        return archive(decision);
    }

    private CompletableFuture<Verdict> archive(Decision decision) {
        CompletableFuture<Long> durable;
        try {
            durable = sink.record(decision);
        } catch (RuntimeException failure) {
            return CompletableFuture.completedFuture(archiveFailed(decision, failure));
        }
        if (durable == null) {
            return CompletableFuture.completedFuture(archiveFailed(decision,
                    new IllegalStateException("the archive returned no future")));
        }
        return durable.handle((sequence, failure) ->
                failure == null ? decision.verdict() : archiveFailed(decision, failure));
    }

    private Verdict archiveFailed(Decision decision, Throwable failure) {
        ImEvent event = decision.event();
        if (failureMode == FailureMode.CLOSED) {
            inSession(event, () -> LOG.error("Archive could not record a {} event of session {};"
                    + " failure-mode closed: blocking it", EventKind.of(event), event.session(), failure));
            return archiveUnavailable;
        }
        inSession(event, () -> LOG.error("Archive could not record a {} event of session {}; failure-mode OPEN:"
                        + " delivering it UNARCHIVED with verdict {}", EventKind.of(event), event.session(),
                describe(decision.verdict()), failure));
        return decision.verdict();
    }

    /**
     * Logs with the MDC key {@code session} set: archive callbacks run on the archive's threads, which
     * carry no session of their own. Whatever the thread had before is put back.
     */
    private static void inSession(ImEvent event, Runnable log) {
        String previous = MDC.get("session");
        MDC.put("session", event.session().value());
        try {
            log.run();
        } finally {
            if (previous == null) {
                MDC.remove("session");
            } else {
                MDC.put("session", previous);
            }
        }
    }

    /** The verdict's kind only: a flag's reason quotes the matched keyword, which is content. */
    private static String describe(Verdict verdict) {
        return verdict.getClass().getSimpleName();
    }
}
