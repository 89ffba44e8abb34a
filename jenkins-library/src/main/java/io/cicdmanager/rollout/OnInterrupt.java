package io.cicdmanager.rollout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a running rollout does when its process is told to stop (SIGTERM or SIGINT: a Jenkins abort or timeout):
 * roll the release back to stable, or hold it where it stands (paused) for a person to resume or roll back.
 */
public enum OnInterrupt {
    ROLLBACK, HOLD;

    /** The name in specs and on the command line: {@code rollback}, {@code hold}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OnInterrupt> of(String wireName) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(wireName)).findFirst();
    }
}
