package io.cicdmanager.time;

import java.time.Duration;

/** The one real sleeper: waits on the wall clock. */
public final class SystemSleeper implements Sleeper {
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    }
}
