package org.imgate.proxy.msn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so expiry is tested without sleeping. Not thread-safe. */
public final class SteppingClock extends Clock {

    private Instant now;

    public SteppingClock(Instant start) {
        this.now = start;
    }

    public SteppingClock() {
        this(Instant.parse("2003-10-15T09:00:00Z"));
    }

    public void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
