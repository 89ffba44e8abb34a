package io.cicdmanager.dora;

/**
 * What recording an event did. Deliveries are idempotent: the first content recorded for an id wins; the same
 * content again changes nothing; different content is a conflict, reported and not applied.
 */
public enum RecordOutcome {
    /** The id was new: the event is stored. */
    RECORDED,
    /** The same event was already stored: nothing changed. */
    UNCHANGED,
    /** A known incident got the resolution or cause it lacked. */
    UPDATED,
    /** The id was already stored with other content: the first content is kept. */
    CONFLICT;
}
