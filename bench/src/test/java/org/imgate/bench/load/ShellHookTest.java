package org.imgate.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellHookTest {

    @Test
    void aFailingHookFailsWithItsOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShellHook.run("HOOK", "echo index busy; exit 3", Duration.ofSeconds(10)));
        assertEquals("HOOK (echo index busy; exit 3) failed: index busy\n", e.getMessage());
    }

    @Test
    void aHookThatHangsIsKilledAtItsTimeout() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShellHook.run("HOOK", "echo waiting; sleep 30", Duration.ofMillis(500)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "waited for the hook to end");
        assertEquals("HOOK (echo waiting; sleep 30) took over PT0.5S: waiting\n", e.getMessage());
    }

    @Test
    void aHookThatSucceedsReturns() throws Exception {
        ShellHook.run("HOOK", "true", Duration.ofSeconds(10));
    }
}
