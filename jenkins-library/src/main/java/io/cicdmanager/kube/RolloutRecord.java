package io.cicdmanager.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A rollout as Kubernetes holds it: the ConfigMap {@code cicd-rollout-<name>} read into values. The spec stays the
 * text it was given ({@code spec.yaml}); the status, the metric history and the pending command and its
 * acknowledgement are parsed. {@code resourceVersion} guards every write made from this reading.
 */
public record RolloutRecord(String name, String namespace, String resourceVersion, String specYaml,
        RolloutStatus status, MetricHistory metrics, RolloutCommand command, CommandAck ack) {

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
    /** A heartbeat older than this shows a rollout that no engine drives any more (three missed beats). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(15);

    public static String configMapName(String rolloutName) {
        return CONFIG_MAP_PREFIX + rolloutName;
    }

    public Optional<RolloutCommand> pendingCommand() {
        if (command == null) {
            return Optional.empty();
        }
        return ack != null && command.id().equals(ack.id()) ? Optional.empty() : Optional.of(command);
    }

    /**
     * True when the rollout is not finished but its engine has not stamped the record for {@link #STALE_AFTER}:
     * nobody is driving it, so the TUI marks it and {@code cicd rollback} acts without an engine.
     */
    public boolean isOrphaned(Instant now) {
        return isOrphaned(status, now);
    }

    public static boolean isOrphaned(RolloutStatus status, Instant now) {
        if (status == null || status.isTerminal()) {
            return false;
        }
        RolloutStatus.Heartbeat beat = status.heartbeat();
        Instant last = beat == null || beat.at() == null ? status.updatedAt() : beat.at();
        return last == null || Duration.between(last, now).compareTo(STALE_AFTER) > 0;
    }

    /** How long ago the engine last stamped the record; empty when it never did. */
    public Optional<Duration> heartbeatAge(Instant now) {
        RolloutStatus.Heartbeat beat = status == null ? null : status.heartbeat();
        return beat == null || beat.at() == null ? Optional.empty() : Optional.of(Duration.between(beat.at(), now));
    }

    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
