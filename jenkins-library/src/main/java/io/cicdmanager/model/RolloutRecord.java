package io.cicdmanager.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A rollout as its record holds it, read into values: the spec stays the text it was given; the status, the metric
 * history and the pending command and its acknowledgement are parsed. {@code resourceVersion} is the version this
 * reading is of, which guards every write made from it. {@code RecordConfigMap} says how Kubernetes holds it.
 */
public record RolloutRecord(String name, String namespace, String resourceVersion, String specYaml,
        RolloutStatus status, MetricHistory metrics, RolloutCommand command, CommandAck ack) {

    /** A heartbeat older than this shows a rollout that no engine drives any more (three missed beats). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(15);

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
