package org.imgate.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.imgate.core.FailureMode;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.imgate.policy.Events.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archive failures are logged loudly, naming the session, and never quote what the user wrote. */
class ComplianceGateLoggingTest {
    private static final String BODY = "the merger closes friday, my password is hunter2";

    private final Logger logger = (Logger) LoggerFactory.getLogger(ComplianceGate.class);
    /** Captures each event's MDC when it is logged, as a real asynchronous appender would. */
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.ALL);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        logger.setLevel(null);
        MDC.clear();
    }

    private static PolicyEngine policy() throws Exception {
        return new PolicyLoader(new YamlBinder()).load("""
                version: log-test
                rules:
                  - id: watch
                    kind: keywords
                    words: [merger]
                    action: flag
                """, Path.of("log.yaml"));
    }

    private ILoggingEvent onlyError() {
        List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size(), "one ERROR per failure: " + logged.list);
        return errors.get(0);
    }

    private static void assertNoContent(ILoggingEvent event) {
        String everything = event.getFormattedMessage() + " "
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
        assertFalse(everything.contains("hunter2"), everything);
        assertFalse(everything.contains("merger"), "not even the matched keyword: " + everything);
    }

    @Test
    void closedModeFailureIsAnErrorNamingTheSessionNotTheMessage() throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Verdict> answer =
                new ComplianceGate(policy(), sink, FailureMode.CLOSED).decide(message(BODY));
        sink.only().durable().completeExceptionally(new IOException("fsync failed on segment 12"));
        answer.get(5, TimeUnit.SECONDS);

        ILoggingEvent error = onlyError();
        assertTrue(error.getFormattedMessage().contains("session s-42"), error.getFormattedMessage());
        assertTrue(error.getFormattedMessage().contains("blocking"), error.getFormattedMessage());
        assertEquals("s-42", error.getMDCPropertyMap().get("session"));
        assertTrue(ThrowableProxyUtil.asString(error.getThrowableProxy()).contains("fsync failed"),
                "the archive's own error is kept for the operator");
        assertNoContent(error);
    }

    @Test
    void openModeFailureIsLoggedEveryTimeWithoutTheFlagReason() throws Exception {
        RecordingSink sink = new RecordingSink();
        ComplianceGate gate = new ComplianceGate(policy(), sink, FailureMode.OPEN);
        CompletableFuture<Verdict> answer = gate.decide(message(BODY));
        sink.only().durable().completeExceptionally(new IOException("disk full"));
        assertEquals(new Verdict.Flag("watch: matched 'merger'"), answer.get(5, TimeUnit.SECONDS));

        ILoggingEvent error = onlyError();
        assertTrue(error.getFormattedMessage().contains("UNARCHIVED"), error.getFormattedMessage());
        assertTrue(error.getFormattedMessage().contains("Flag"), error.getFormattedMessage());
        assertNoContent(error);
    }

    @Test
    void loggingLeavesTheCallersSessionContextAlone() throws Exception {
        MDC.put("session", "caller-session");
        ComplianceGate gate = new ComplianceGate(policy(), decision -> {
            throw new IllegalStateException("journal closed");
        }, FailureMode.CLOSED);
        gate.decide(message(BODY)).get(5, TimeUnit.SECONDS);
        assertEquals("s-42", onlyError().getMDCPropertyMap().get("session"));
        assertEquals("caller-session", MDC.get("session"));
    }
}
