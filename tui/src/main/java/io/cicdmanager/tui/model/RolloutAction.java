package io.cicdmanager.tui.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The operator commands a rollout accepts, with the key that sends each from the screens. */
public enum RolloutAction {
    ABORT("a", "traffic goes back to stable now and the canary is scaled down",
            EnumSet.of(Phase.PENDING, Phase.PROGRESSING, Phase.PAUSED, Phase.PROMOTING)),
    PAUSE("space", "the rollout stays at its current weight until resumed",
            EnumSet.of(Phase.PROGRESSING)),
    RESUME("space", "the rollout continues from its current step",
            EnumSet.of(Phase.PAUSED)),
    PROMOTE("p", "the rollout moves on to its next step",
            EnumSet.of(Phase.PROGRESSING, Phase.PAUSED)),
    PROMOTE_FULL("P", "the canary takes all traffic now, skipping the remaining steps and analysis",
            EnumSet.of(Phase.PROGRESSING, Phase.PAUSED)),
    ROLLBACK("r", "traffic goes back to stable and the release is rolled back",
            EnumSet.of(Phase.PENDING, Phase.PROGRESSING, Phase.PAUSED, Phase.PROMOTING, Phase.SUCCEEDED,
                    Phase.FAILED));

    private final String key;
    private final String effect;
    private final Set<Phase> allowedIn;

    RolloutAction(String key, String effect, Set<Phase> allowedIn) {
        this.key = key;
        this.effect = effect;
        this.allowedIn = allowedIn;
    }

    /** The key as the help screen writes it. */
    public String key() {
        return key;
    }

    /** What happens when the command is carried out, said in the confirmation. */
    public String effect() {
        return effect;
    }

    /** {@code promote-full}: the command's name on the command line and in the record. */
    public String command() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean allowedIn(Phase phase) {
        return allowedIn.contains(phase);
    }

    /** Whether the command stops or undoes the release: those ask for confirmation in red. */
    public boolean destructive() {
        return this == ABORT || this == ROLLBACK || this == PROMOTE_FULL;
    }
}
