package io.cicdmanager.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The numbers a check's verdict was decided on: a value, a comparison and a limit, in one unit. Every place that
 * shows a check to a person (the console, {@code cicd status}, {@code cicd simulate}, the step's message) shows it
 * through {@link #shown(Verdict)}: rounded for display, in the unit of the limit, and with as many digits as it takes
 * for the shown numbers to agree with the verdict (a 1.004 % that failed a 1 % limit is not shown as 1.00 %).
 *
 * <p>A check that decides on something other than its metric says so here: a rate that passed because its
 * failures are within noise has as limit the highest rate that is still noise at that many requests; a sequential
 * judge that decided has its evidence against the evidence threshold.
 */
public record Figure(Unit unit, Double value, String comparison, Double limit) {
    /** Past this many more digits than usual, two numbers that still look equal differ by less than a double holds. */
    private static final int MAX_EXTRA_DIGITS = 12;

    /** How a figure reads. */
    public enum Unit {
        /** A fraction, shown as a percentage: 0.0104 → 1.04 %. */
        PERCENT,
        /** Seconds, shown in ms below a second of the limit, else in s. */
        SECONDS,
        /** A ratio of two measurements: 1.50×. */
        TIMES,
        /** A count or a plain number. */
        COUNT,
        /** A sequential test's evidence (an e-value): e=212. */
        EVIDENCE
    }

    /** The unit of a check's metric as its kind and metric name say. */
    public static Unit unitOf(String kind, String metric) {
        String m = metric == null ? "" : metric;
        if ("ratio-to-stable".equals(kind)) {
            return Unit.TIMES;
        }
        if (m.endsWith("-rate") || m.equals("readiness-failures") || SequentialJudgeCheck.KIND.equals(kind)) {
            return Unit.PERCENT;
        }
        if (m.endsWith("-latency")) {
            return Unit.SECONDS;
        }
        return Unit.COUNT;
    }

    /** The figure of a check that decided on its own metric against its threshold. */
    public static Figure of(String kind, String metric, Double value, String comparison, Double limit) {
        return new Figure(unitOf(kind, metric), value, comparison, limit);
    }

    /** What a person is shown: the value, the comparison as a symbol, the limit. */
    public record Shown(String value, String comparison, String limit) {
        /** "1.04 % ≤ 2.78 %", or the value alone when there is no limit. */
        @Override
        public String toString() {
            return limit.isEmpty() ? value : value + " " + comparison + " " + limit;
        }

        /** The rule alone: "≤ 2.78 %". */
        public String rule() {
            return limit.isEmpty() ? "" : comparison + " " + limit;
        }
    }

    /**
     * The figure as shown with {@code verdict}: when the verdict is a pass or a fail that the value and limit agree
     * with, digits are added until the shown numbers agree with it too.
     */
    public Shown shown(Verdict verdict) {
        String symbol = symbol(comparison);
        if (value == null || value.isNaN()) {
            return new Shown("no data", symbol, limit == null ? "" : format(limit, scale(), 0));
        }
        if (limit == null) {
            return new Shown(format(value, scale(), 0), symbol, "");
        }
        boolean decided = verdict == Verdict.PASS || verdict == Verdict.FAIL;
        boolean agrees = decided && holds(value, limit) == (verdict == Verdict.PASS);
        int extra = 0;
        while (agrees && extra < MAX_EXTRA_DIGITS
                && holds(rounded(value, extra), rounded(limit, extra)) != (verdict == Verdict.PASS)) {
            extra++;
        }
        return new Shown(format(value, scale(), extra), symbol, format(limit, scale(), extra));
    }

    /**
     * "error-rate 4.10 % breaches <= 1.00 %", "p95-latency 180 ms <= 500 ms": the figure in a sentence for logs and
     * records, with the comparison as the policy writes it.
     */
    public String sentence(String name, Verdict verdict) {
        Shown s = shown(verdict);
        if (s.limit().isEmpty()) {
            return name + " " + s.value();
        }
        return name + " " + s.value() + (verdict == Verdict.FAIL ? " breaches " : " ") + comparison + " " + s.limit();
    }

    private boolean holds(double v, double l) {
        return switch (comparison == null ? "<=" : comparison) {
            case ">=" -> v >= l;
            case "<" -> v < l;
            case ">" -> v > l;
            case "==" -> v == l;
            default -> v <= l;
        };
    }

    static String symbol(String comparison) {
        return switch (comparison == null ? "<=" : comparison) {
            case "<=" -> "≤";
            case ">=" -> "≥";
            default -> comparison;
        };
    }

    /** For SECONDS, whether the limit (so the value too) reads in milliseconds. */
    private double scale() {
        if (unit == Unit.SECONDS) {
            double reference = limit != null ? limit : value == null ? 0 : value;
            return Math.abs(reference) < 1 ? 1000 : 1;
        }
        return unit == Unit.PERCENT ? 100 : 1;
    }

    /** The number as displayed with {@code extra} more digits, back in the figure's own unit. */
    private double rounded(double n, int extra) {
        double scale = scale();
        return new BigDecimal(n * scale).setScale(decimals(scale) + extra, RoundingMode.HALF_UP).doubleValue() / scale;
    }

    private int decimals(double scale) {
        return switch (unit) {
            case PERCENT, TIMES -> 2;
            case SECONDS -> scale == 1000 ? 0 : 2;
            // a plain number that is not whole is not rounded to one
            case COUNT -> whole(value) && whole(limit) ? 0 : 3;
            case EVIDENCE -> 1;
        };
    }

    private static boolean whole(Double n) {
        return n == null || n == Math.rint(n);
    }

    private String format(double n, double scale, int extra) {
        int decimals = decimals(scale) + extra;
        String digits = new BigDecimal(n * scale).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        return switch (unit) {
            case PERCENT -> digits + " %";
            case SECONDS -> digits + (scale == 1000 ? " ms" : " s");
            case TIMES -> digits + "×";
            case COUNT -> digits;
            case EVIDENCE -> "e=" + (extra == 0 ? JudgeFormat.evidence(n) : digits);
        };
    }

    /** Another number in this figure's unit, as shown: for messages that name more than value and limit. */
    public String show(double n) {
        return format(n, scale(), 0);
    }

    @Override
    public String toString() {
        return shown(Verdict.INCONCLUSIVE).toString();
    }
}
