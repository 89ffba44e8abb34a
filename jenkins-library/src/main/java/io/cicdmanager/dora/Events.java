package io.cicdmanager.dora;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Checks shared by the event records: every event names itself and its times fit the store's precision. */
final class Events {
    private Events() {
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static Instant requiredTime(Instant time, String field) {
        if (time == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return millis(time);
    }

    /** The store keeps milliseconds; truncating here makes an event equal to itself read back. */
    static Instant millis(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
    }
}
