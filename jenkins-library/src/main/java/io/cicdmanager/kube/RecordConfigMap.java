package io.cicdmanager.kube;

/**
 * How a rollout record is laid out in Kubernetes: the ConfigMap {@code cicd-rollout-<name>} in the application's
 * namespace, its labels (so that {@code kubectl get cm -l cicd-manager.io/phase=Paused} works), the data keys of
 * the spec, the status and the metric history, and the annotations of the pending command and its
 * acknowledgement. docs/rollouts.md describes the format.
 */
public final class RecordConfigMap {
    /** Name prefix of the ConfigMap that holds a rollout. */
    public static final String CONFIG_MAP_PREFIX = "cicd-rollout-";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "cicd-manager";
    public static final String ROLLOUT_LABEL = "cicd-manager.io/rollout";
    /** Mirrors the phase, so that {@code kubectl get cm -l cicd-manager.io/phase=Paused} works. */
    public static final String PHASE_LABEL = "cicd-manager.io/phase";
    public static final String STRATEGY_LABEL = "cicd-manager.io/strategy";
    public static final String COMMAND_ANNOTATION = "cicd-manager.io/command";
    public static final String ACK_ANNOTATION = "cicd-manager.io/command-ack";
    public static final String SPEC_KEY = "spec.yaml";
    public static final String STATUS_KEY = "status.json";
    public static final String METRICS_KEY = "metrics.json";

    private RecordConfigMap() {
    }

    /** The ConfigMap that holds rollout {@code rolloutName}. */
    public static String configMapName(String rolloutName) {
        return CONFIG_MAP_PREFIX + rolloutName;
    }
}
