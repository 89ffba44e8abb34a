package io.cicdmanager.rollout;

import java.util.List;

/**
 * What {@code cicd simulate} reports: the final phase, the trigger of a rollback (null when none), how long the
 * rollout took in virtual seconds, where traffic ended, and the timeline of what happened when.
 */
public record SimulationResult(String phase, Trigger trigger, long durationSeconds, FinalWeights finalWeights,
        List<Event> timeline) {

    public SimulationResult {
        timeline = List.copyOf(timeline);
    }

    /**
     * The check that rolled the rehearsal back, its number against its threshold, the reason as the record says it,
     * and the figure it was decided on (see {@link io.cicdmanager.analysis.Figure}).
     */
    public record Trigger(String check, Double value, Double threshold, String message,
            io.cicdmanager.analysis.Figure figure) {
    }

    /** Where traffic ended, in percent. */
    public record FinalWeights(int stable, int canary) {
    }

    /** One moment: {@code t} in virtual seconds from the start, the phase and canary weight then, what happened, who. */
    public record Event(long t, String phase, int weight, String event, String by) {
    }
}
