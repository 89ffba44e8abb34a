package io.cicdmanager.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

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

    /** Reads any spelling of a phase: the record's {@code RolledBack}, {@code ROLLED_BACK}, {@code rolled-back}. */
    @JsonCreator
    public static RolloutPhase fromWireName(String name) {
        String wanted = bare(name);
        return Arrays.stream(values()).filter(p -> bare(p.wireName).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown rollout phase '" + name + "'"));
    }

    private static String bare(String spelling) {
        return String.valueOf(spelling).replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
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
