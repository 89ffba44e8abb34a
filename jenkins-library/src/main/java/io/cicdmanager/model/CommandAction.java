package io.cicdmanager.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an operator can ask of a running rollout, what each does, and in which phases it can do anything.
 */
public enum CommandAction {
    ABORT("traffic goes back to stable now and the canary is scaled down",
            EnumSet.of(RolloutPhase.PENDING, RolloutPhase.PROGRESSING, RolloutPhase.PAUSED, RolloutPhase.PROMOTING)),
    PAUSE("the rollout stays at its current weight until resumed", EnumSet.of(RolloutPhase.PROGRESSING)),
    RESUME("the rollout continues from its current step", EnumSet.of(RolloutPhase.PAUSED)),
    PROMOTE("the rollout moves on to its next step", EnumSet.of(RolloutPhase.PROGRESSING, RolloutPhase.PAUSED)),
    PROMOTE_FULL("the canary takes all traffic now, skipping the remaining steps and analysis",
            EnumSet.of(RolloutPhase.PROGRESSING, RolloutPhase.PAUSED)),
    ROLLBACK("traffic goes back to stable and the release is rolled back",
            EnumSet.of(RolloutPhase.PENDING, RolloutPhase.PROGRESSING, RolloutPhase.PAUSED, RolloutPhase.PROMOTING,
                    RolloutPhase.SUCCEEDED, RolloutPhase.FAILED));

    private final String effect;
    private final Set<RolloutPhase> allowedIn;

    CommandAction(String effect, Set<RolloutPhase> allowedIn) {
        this.effect = effect;
        this.allowedIn = allowedIn;
    }

    /** The name on the record and on the command line: {@code promote-full}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static CommandAction fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown command '" + name + "'"));
    }

    /** What happens when the command is carried out, as a confirmation says it. */
    public String effect() {
        return effect;
    }

    /** Whether the command can do anything to a rollout in {@code phase}. */
    public boolean allowedIn(RolloutPhase phase) {
        return allowedIn.contains(phase);
    }

    /** Abort and rollback put traffic back on stable; the engine treats them alike. */
    public boolean rollsBack() {
        return this == ABORT || this == ROLLBACK;
    }

    /** Whether the command stops or undoes the release, or skips its analysis: those are confirmed in red. */
    public boolean destructive() {
        return rollsBack() || this == PROMOTE_FULL;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
