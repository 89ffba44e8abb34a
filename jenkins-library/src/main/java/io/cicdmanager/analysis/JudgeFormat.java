package io.cicdmanager.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How the judge writes its numbers for people: rates as percentages, e-values without false precision. */
final class JudgeFormat {
    private JudgeFormat() {
    }

    /** A fraction as a percentage with two significant digits: 0.051 → "5.1 %", 0.0005 → "0.05 %". */
    static String percent(double fraction) {
        return plain(fraction * 100) + " %";
    }

    /** A rate with its counts: "5.1 % (51/1000)". */
    static String rate(RequestCounts counts) {
        return percent(counts.rate()) + " (" + counts.bad() + "/" + counts.requests() + ")";
    }

    /** Two significant digits, no exponent, no trailing zeros. */
    static String plain(double value) {
        return plain(value, 2);
    }

    /** {@code digits} significant digits, no exponent, no trailing zeros. */
    static String plain(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /**
     * The error bound a judge keeps and with whom it shares it: "alpha 1 %", "alpha 1 % for the analysis' 2 judges,
     * shared with the canary's pods".
     */
    static String alpha(double alpha, int family, boolean perPod) {
        return "alpha " + percent(alpha) + (family > 1 ? " for the analysis' " + family + " judges" : "")
                + (perPod ? (family > 1 ? "," : "") + " shared with the canary's pods" : "");
    }

    /** An e-value: "3.2", "212", "4.1e+07". */
    static String evidence(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1e", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
