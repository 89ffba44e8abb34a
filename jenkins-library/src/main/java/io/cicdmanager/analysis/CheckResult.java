package io.cicdmanager.analysis;

/**
 * What one check found in one round: the verdict, the number measured (for ratio checks, the ratio), the stable
 * track's number when the check compares with it, the threshold with its comparison, and a sentence that says it
 * all with the numbers, for the record, the audit log and the step's message.
 */
public record CheckResult(String check, String kind, String metric, Verdict verdict, Double value, Double stableValue,
        Double threshold, String comparison, String message) {

    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
