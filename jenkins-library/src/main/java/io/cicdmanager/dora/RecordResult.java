package io.cicdmanager.dora;

/** The outcome of recording one event, with what differed when it was a conflict (empty otherwise). */
public record RecordResult(String id, RecordOutcome outcome, String detail) {

    public static RecordResult of(String id, RecordOutcome outcome) {
        return new RecordResult(id, outcome, "");
    }
}
