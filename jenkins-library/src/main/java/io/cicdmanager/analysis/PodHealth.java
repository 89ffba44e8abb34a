package io.cicdmanager.analysis;

/**
 * The pods of one track as Kubernetes reports them: how many, how many ready, their restarts, and how many are
 * in a crash loop ({@code CrashLoopBackOff}).
 */
public record PodHealth(int pods, int ready, int restarts, int crashLooping) {

    /** The fraction of pods failing readiness, 0..1; NaN with no pods. */
    public double readinessFailureRate() {
        return pods == 0 ? Double.NaN : (pods - ready) / (double) pods;
    }
}
