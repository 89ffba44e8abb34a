package io.cicdmanager.rollout;

/**
 * A strategy's way back, in the order it must happen: all traffic onto the stable pods, then the new pods scaled
 * down, then what the router created removed. Built from the rollout record alone, so the engine, an operator's
 * rollback of an orphan and the guardian undo a rollout the same way.
 */
interface Rollback {
    /** Puts all traffic on the stable pods; {@link TrafficRefusedException} while they have none ready. */
    void trafficToStable();

    /** Scales the canary or preview down (or lets the Deployment's own update do it). */
    void scaleDown();

    /** Removes the router's artefacts, with no traffic on them any more. */
    default void removeArtefacts() {
    }
}
