package io.cicdmanager.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The security score: 100 minus a penalty per finding over every SAST, DAST, SCA and secrets report given
 * (critical 25, high 10, medium 1, low 0.1), never below 0. One critical finding or a leaked secret (75) or a
 * single high one (90, the bar) decides it on its own; mediums and lows wear it down only in numbers.
 */
public final class SecurityScore {
    public static final BigDecimal CRITICAL_PENALTY = new BigDecimal("25");
    public static final BigDecimal HIGH_PENALTY = new BigDecimal("10");
    public static final BigDecimal MEDIUM_PENALTY = new BigDecimal("1");
    public static final BigDecimal LOW_PENALTY = new BigDecimal("0.1");
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private SecurityScore() {
    }

    public static BigDecimal of(Measurements.Findings f) {
        BigDecimal penalty = CRITICAL_PENALTY.multiply(BigDecimal.valueOf(f.critical()))
                .add(HIGH_PENALTY.multiply(BigDecimal.valueOf(f.high())))
                .add(MEDIUM_PENALTY.multiply(BigDecimal.valueOf(f.medium())))
                .add(LOW_PENALTY.multiply(BigDecimal.valueOf(f.low())));
        return HUNDRED.subtract(penalty).max(BigDecimal.ZERO).setScale(2, RoundingMode.DOWN);
    }
}
