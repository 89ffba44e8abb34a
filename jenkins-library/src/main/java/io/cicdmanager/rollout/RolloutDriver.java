package io.cicdmanager.rollout;

import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.model.RolloutStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a strategy may ask of the engine that runs it: the record's state, steps, waits (for time and analysis, for
 * pods), the analysis, weights, and the endings. The engine keeps everything else (the record, the lease, commands,
 * signals) to itself.
 */
interface RolloutDriver {
    /** The status as the record holds it now. */
    RolloutStatus status();

    /** Who sent the last command (or started the rollout): the actor of an operator's promotion. */
    String lastActor();

    void step(int index, String description);

    /** How long the current step has run: non-zero only right after this engine resumed a step in flight. */
    Duration elapsedInStep();

    /**
     * A step that lasts {@code duration} (null: until promoted), paused time not counting; with
     * {@code requirePassing} it ends only after a round in which every check passed.
     */
    Interrupt waitStep(Duration duration, boolean requirePassing, Duration alreadyElapsed) throws InterruptedException;

    /**
     * Waits until {@code pods} are ready and the rollout is not paused, within the progress deadline (paused time
     * excluded). A rollback ends the wait, and so does the deadline (as a rollback naming the pods and their count);
     * a promote does not: it is acknowledged and returned once the pods are ready, for the strategy to skip what
     * follows.
     */
    Interrupt awaitPods(Supplier<PodsReady> pods, String what) throws InterruptedException;

    /**
     * Watches the release's pods while they serve a share of users' traffic ({@code pods} null: none do any more).
     * Should none of them be ready at two looks a heartbeat apart, the wait in progress ends in a rollback naming
     * them: a mesh or a Service selector cannot serve users from pods that cannot.
     */
    void watchServing(Supplier<PodsReady> pods, String what);

    /** Starts (or restarts) the analysis with {@code policy}; {@code oneTrack}: every check reads the one Deployment. */
    void analyse(AnalysisPolicy policy, boolean oneTrack);

    void stopAnalysis();

    boolean analysing();

    /** Records weights; {@code splitsTraffic} is false where the weight is progress, not a share of requests. */
    void weights(int setWeight, int actualWeight, boolean splitsTraffic);

    /** Enters Promoting. */
    void promoting(String message, String actor, String reason);

    /** Ends the rollout Succeeded, the release now stable. */
    RolloutResult succeeded(String message, String actor, String reason);

    /** Rolls back with the strategy's {@link Rollback}, traffic first, and ends RolledBack (or Failed). */
    RolloutResult rollBack(Interrupt why) throws InterruptedException;

    /** Pods a wait is for: how many are ready of how many needed, and whether that is enough. */
    record PodsReady(int ready, int needed, boolean done) {
        String describe() {
            return ready + "/" + needed + " ready";
        }
    }
}
