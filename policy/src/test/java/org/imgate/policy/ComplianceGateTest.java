package org.imgate.policy;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;
import org.imgate.core.FailureMode;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Verdict;
import org.imgate.policy.rule.EventKind;
import org.imgate.policy.rule.Rule;
import org.imgate.policy.rule.Scope;
import org.imgate.policy.yaml.YamlBinder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.imgate.policy.Events.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate answers only once the archive holds the decision, and never turns a failure into a pass. */
class ComplianceGateTest {
    private static final String ARCHIVE_DOWN = "Archive down: not delivered.";
    private static final String POLICY_BROKEN = "Policy broken: not delivered.";
    private static final Notices NOTICES = new Notices(ARCHIVE_DOWN, POLICY_BROKEN);

    private final RecordingSink sink = new RecordingSink();

    private static PolicyEngine policy() throws Exception {
        return new PolicyLoader(new YamlBinder()).load("""
                version: gate-test
                rules:
                  - id: watch
                    kind: keywords
                    words: [merger]
                    action: flag
                  - id: stop
                    kind: keywords
                    words: [password]
                    action: block
                    notice: Never send passwords.
                """, Path.of("gate.yaml"));
    }

    private static Verdict now(CompletableFuture<Verdict> answer) throws Exception {
        return answer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void answersOnlyOnceTheDecisionIsDurable() throws Exception {
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.CLOSED, NOTICES);
        ImEvent.Message event = message("news about the merger and my password");

        CompletableFuture<Verdict> answer = gate.decide(event);

        assertFalse(answer.isDone(), "no verdict before the archive says the decision is durable");
        Decision recorded = sink.only().decision();
        assertSame(event, recorded.event());
        assertEquals(new Verdict.Block("Never send passwords."), recorded.verdict());
        assertEquals(List.of("watch", "stop"), recorded.matchedRules());
        assertEquals("gate-test", recorded.policyVersion(), "the archive must say which policy revision decided");

        sink.only().durable().complete(17L);
        assertEquals(new Verdict.Block("Never send passwords."), now(answer));
    }

    @Test
    void allowedEventsAreArchivedToo() throws Exception {
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.CLOSED, NOTICES);
        CompletableFuture<Verdict> answer = gate.decide(message("lunch at noon?"));
        assertFalse(answer.isDone());
        Decision recorded = sink.only().decision();
        assertEquals(Verdict.allow(), recorded.verdict());
        assertEquals(List.of(), recorded.matchedRules());
        assertEquals("gate-test", recorded.policyVersion());
        sink.only().durable().complete(1L);
        assertEquals(Verdict.allow(), now(answer));
    }

    @Test
    void closedModeTurnsAnArchiveFailureIntoABlockWithTheNotice() throws Exception {
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.CLOSED, NOTICES);
        CompletableFuture<Verdict> answer = gate.decide(message("lunch at noon?"));
        sink.only().durable().completeExceptionally(new UncheckedIOException(new IOException("disk full")));

        Verdict verdict = now(answer);
        assertEquals(new Verdict.Block(ARCHIVE_DOWN), verdict);
        assertFalse(verdict.delivers());
        assertFalse(answer.isCompletedExceptionally(), "a failure policy can answer is a verdict, not an exception");
    }

    @Test
    void closedModeBlocksWhenTheSinkThrowsOrReturnsNothing() throws Exception {
        DecisionSink throwing = decision -> {
            throw new IllegalStateException("journal closed");
        };
        assertEquals(new Verdict.Block(ARCHIVE_DOWN),
                now(new ComplianceGate(policy(), throwing, FailureMode.CLOSED, NOTICES).decide(message("hello"))));

        DecisionSink silent = decision -> null;
        assertEquals(new Verdict.Block(ARCHIVE_DOWN),
                now(new ComplianceGate(policy(), silent, FailureMode.CLOSED, NOTICES).decide(message("hello"))));
    }

    @Test
    void openModeDeliversThePolicyVerdictWhenTheArchiveFails() throws Exception {
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.OPEN, NOTICES);
        CompletableFuture<Verdict> allowed = gate.decide(message("lunch at noon?"));
        sink.only().durable().completeExceptionally(new IOException("disk full"));
        assertEquals(Verdict.allow(), now(allowed));

        DecisionSink throwing = decision -> {
            throw new IllegalStateException("journal closed");
        };
        ComplianceGate throwingGate = new ComplianceGate(policy(), throwing, FailureMode.OPEN, NOTICES);
        assertEquals(new Verdict.Block("Never send passwords."), now(throwingGate.decide(message("my password"))),
                "open mode delivers what policy allows, and still refuses what policy blocks");
    }

    @Test
    void aBrokenPolicyIsRecordedAndBlockedNeverPassed() throws Exception {
        Rule broken = new Rule() {
            @Override
            public String id() {
                return "buggy";
            }

            @Override
            public Scope scope() {
                return Scope.everything();
            }

            @Override
            public Set<EventKind> judges() {
                return Set.of(EventKind.MESSAGE);
            }

            @Override
            public Optional<Verdict> judge(ImEvent event) {
                throw new IllegalStateException("bug in a rule");
            }
        };
        PolicyEngine engine = new PolicyEngine("broken-1", Notices.defaults(), List.of(broken));
        for (FailureMode mode : FailureMode.values()) {
            RecordingSink modeSink = new RecordingSink();
            ComplianceGate gate = new ComplianceGate(engine, modeSink, mode, NOTICES);
            CompletableFuture<Verdict> answer = gate.decide(message("anything"));

            assertFalse(answer.isDone(), mode + ": the blocked event is archived first");
            Decision recorded = modeSink.only().decision();
            assertEquals(new Verdict.Block(POLICY_BROKEN), recorded.verdict(), mode.toString());
            assertEquals(List.of(ComplianceGate.POLICY_ERROR_RULE), recorded.matchedRules(), mode.toString());

            modeSink.only().durable().complete(5L);
            assertEquals(new Verdict.Block(POLICY_BROKEN), now(answer), mode.toString());
        }
    }

    @Test
    void aBrokenPolicyAndABrokenArchiveStillBlock() throws Exception {
        Rule broken = new Rule() {
            @Override
            public String id() {
                return "buggy";
            }

            @Override
            public Scope scope() {
                return Scope.everything();
            }

            @Override
            public Set<EventKind> judges() {
                return Set.of(EventKind.LOGIN);
            }

            @Override
            public Optional<Verdict> judge(ImEvent event) {
                throw new ArithmeticException("bug");
            }
        };
        PolicyEngine engine = new PolicyEngine("broken-2", Notices.defaults(), List.of(broken));
        ComplianceGate gate = new ComplianceGate(engine, sink, FailureMode.OPEN, NOTICES);
        CompletableFuture<Verdict> answer =
                gate.decide(Events.login(Events.client(Network.MSN, "MSN Messenger", "7.0")));
        sink.only().durable().completeExceptionally(new IOException("disk full"));
        assertFalse(now(answer).delivers());
    }

    @Test
    void decisionsCompleteIndependentlyAndOutOfOrder() throws Exception {
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.CLOSED, NOTICES);
        CompletableFuture<Verdict> first = gate.decide(message("one merger"));
        CompletableFuture<Verdict> second = gate.decide(message("two"));
        assertEquals(2, sink.count());

        // The gate must not wait for anything itself: completing from another thread releases the answer.
        Thread archiver = new Thread(() -> completeSecondThenFirst());
        archiver.start();
        assertEquals(Verdict.allow(), now(second));
        assertEquals(new Verdict.Flag("watch: matched 'merger'"), now(first));
        archiver.join(5000);
        assertTrue(first.isDone() && second.isDone());
    }

    private void completeSecondThenFirst() {
        sinkEntry(1).complete(2L);
        sinkEntry(0).complete(1L);
    }

    private CompletableFuture<Long> sinkEntry(int index) {
        return sink.pending(index).durable();
    }

    @Test
    void gateUsesTheNoticesOfItsPolicyFileByDefault() throws Exception {
        PolicyEngine engine = new PolicyLoader(new YamlBinder()).load("""
                version: v1
                notices:
                  archive-unavailable: Our archive is down; try again in a minute.
                rules: []
                """, Path.of("p.yaml"));
        DecisionSink failing = decision -> CompletableFuture.failedFuture(new IOException("fsync failed"));
        assertEquals(new Verdict.Block("Our archive is down; try again in a minute."),
                now(new ComplianceGate(engine, failing, FailureMode.CLOSED).decide(message("hi"))));
    }
}
