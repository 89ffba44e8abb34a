package io.cicdmanager.kube;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where a rollout stands: Pending → Progressing ⇄ Paused → Promoting → Succeeded, or → Aborting → RolledBack;
 * Failed when even the rollback could not complete.
 */
public enum RolloutPhase {
    PENDING("Pending"),
    PROGRESSING("Progressing"),
    PAUSED("Paused"),
    PROMOTING("Promoting"),
    SUCCEEDED("Succeeded"),
    ABORTING("Aborting"),
    ROLLED_BACK("RolledBack"),
    FAILED("Failed");

    private final String wireName;

    RolloutPhase(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the record, the TUI and the CLI's output: {@code RolledBack}, not {@code ROLLED_BACK}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static RolloutPhase fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown rollout phase '" + name + "'"));
    }

    /** No engine drives a rollout in this phase any more. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == FAILED;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
