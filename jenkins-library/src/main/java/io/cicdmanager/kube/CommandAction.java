package io.cicdmanager.kube;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What an operator can ask of a running rollout. */
public enum CommandAction {
    ABORT, PAUSE, RESUME, PROMOTE, PROMOTE_FULL, ROLLBACK;

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

    /** Abort and rollback put traffic back on stable; the engine treats them alike. */
    public boolean rollsBack() {
        return this == ABORT || this == ROLLBACK;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
