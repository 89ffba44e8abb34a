package io.cicdmanager.analysis;

/**
 * What one check found in one round: the verdict, the number measured (for ratio checks, the ratio), the stable
 * track's number when the check compares with it, the threshold with its comparison, a sentence that says it all
 * with the numbers (for the record, the audit log and the step's message), and the {@link Figure} the verdict was
 * decided on, which is what people are shown. A check that decides on its metric against its threshold need not
 * give a figure: it is that.
 */
public record CheckResult(String check, String kind, String metric, Verdict verdict, Double value, Double stableValue,
        Double threshold, String comparison, String message, Figure figure) {

    public CheckResult {
        if (figure == null) {
            figure = Figure.of(kind, metric, value, comparison, threshold);
        }
    }

    /** A result whose figure is its value against its threshold. */
    public CheckResult(String check, String kind, String metric, Verdict verdict, Double value, Double stableValue,
            Double threshold, String comparison, String message) {
        this(check, kind, metric, verdict, value, stableValue, threshold, comparison, message, null);
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /** The figure as shown with this verdict: "4.10 % ≤ 1.00 %" in the console's columns. */
    public Figure.Shown shown() {
        return figure.shown(verdict);
    }
}
