package io.cicdmanager.tui.screen;

import java.time.Duration;

/**
 * Limits drawing to a few frames a second: changes that arrive faster are coalesced into the next frame, so a
 * burst of record updates costs one redraw, not one per update.
 */
public final class FramePacer {
    private final long minIntervalNanos;
    private long lastFrame;
    private boolean drawn;

    public FramePacer(Duration minInterval) {
        this.minIntervalNanos = minInterval.toNanos();
    }

    public boolean due(long nowNanos) {
        return !drawn || nowNanos - lastFrame >= minIntervalNanos;
    }

    /** How long to wait before the next frame may be drawn; zero when it may be drawn now. */
    public long nanosUntilDue(long nowNanos) {
        return due(nowNanos) ? 0 : lastFrame + minIntervalNanos - nowNanos;
    }

    public void drew(long nowNanos) {
        lastFrame = nowNanos;
        drawn = true;
    }
}
