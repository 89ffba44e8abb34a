package io.cicdmanager.rollout;

import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutStatus;
import java.time.Instant;

/**
 * Follows a running rollout as it happens: the command line prints progress from it, {@code cicd simulate} builds
 * its timeline, the simulated provider splits traffic by the weights. Every method has a no-op default.
 */
public interface RolloutObserver {
    default void phaseChanged(RolloutStatus status, RolloutStatus.Transition transition) {
    }

    default void weightChanged(Instant at, int setWeight) {
    }

    default void stepStarted(RolloutStatus status) {
    }

    default void analysed(AnalysisRound round) {
    }

    default void commandHandled(RolloutCommand command, CommandAck ack) {
    }

    RolloutObserver NONE = new RolloutObserver() {
    };
}
