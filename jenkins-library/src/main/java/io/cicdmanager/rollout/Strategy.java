package io.cicdmanager.rollout;

import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutStatus;

/**
 * One way of replacing a release (canary, blue-green, rolling): its steps, which the engine drives through the
 * narrow {@link RolloutDriver}, and its one way back, built from the record.
 */
interface Strategy {
    /** The router as the record names it: the canary's router kind, {@code service-selector}, {@code deployment}. */
    String routerName();

    int stepCount();

    /** Checks that what the strategy works on exists; reads only. */
    void prepare();

    /** Runs the steps from where the record stands to a terminal phase. */
    RolloutResult run(RolloutDriver driver) throws InterruptedException;

    /** How to undo the rollout {@code recorded} describes; the engine and every orphan path use this. */
    Rollback rollback(RolloutStatus recorded);

    /** The strategy {@code spec} names, working through {@code workloads} and {@code traffic}. */
    static Strategy of(RolloutSpec spec, Workloads workloads, TrafficGuard traffic, TrafficRouters routers) {
        if (spec.strategy() instanceof StrategySpec.Canary c) {
            return new CanaryStrategy(spec, c, workloads, traffic, routers.create(spec, workloads.client()));
        }
        if (spec.strategy() instanceof StrategySpec.BlueGreen b) {
            return new BlueGreenStrategy(spec, b, workloads, traffic);
        }
        return new RollingStrategy(spec, (StrategySpec.Rolling) spec.strategy(), workloads);
    }
}
