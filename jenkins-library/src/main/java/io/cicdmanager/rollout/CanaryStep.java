package io.cicdmanager.rollout;

import java.time.Duration;

/** One step of a canary: send a share of traffic to the canary, or pause (for a time, or until promoted). */
public sealed interface CanaryStep {
    /** The step in words, as the record and the TUI show it. */
    String describe();

    /** Sends {@code weight} percent of traffic to the canary. */
    record SetWeight(int weight) implements CanaryStep {
        @Override
        public String describe() {
            return "setWeight " + weight;
        }
    }

    /** Waits {@code duration}, or, when it is null, until an operator promotes. */
    record Pause(Duration duration) implements CanaryStep {
        @Override
        public String describe() {
            return duration == null ? "pause until promoted" : "pause " + Durations.format(duration);
        }
    }
}
