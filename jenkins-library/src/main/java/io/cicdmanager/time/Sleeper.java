package io.cicdmanager.time;

import java.time.Duration;

/**
 * Waits. Every wait in the engine goes through one, so tests and {@code cicd simulate} can run a 45-minute
 * rollout in virtual time.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
}
