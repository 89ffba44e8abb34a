package io.cicdmanager.dora;

import java.util.Locale;

/**
 * A performance tier of the 2024 DORA report's clusters, per metric. The rule for values between clusters is in
 * docs/dora.md: ranges take the best tier containing the value and a gap goes to the worse neighbour; change
 * failure rate, given as one value per cluster, takes the nearest cluster, ties to the worse.
 */
public enum Tier {
    ELITE, HIGH, MEDIUM, LOW;

    private static final double HOURS_PER_DAY = 24;
    private static final double HOURS_PER_WEEK = 7 * HOURS_PER_DAY;
    private static final double HOURS_PER_MONTH = 30 * HOURS_PER_DAY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A numeric rank for dashboards and alerts: elite 4, high 3, medium 2, low 1. */
    public int rank() {
        return values().length - ordinal();
    }

    /**
     * Elite: on demand, more than once a day; high: daily to weekly; medium: weekly to monthly; low: monthly to
     * every six months, and anything rarer.
     */
    public static Tier ofDeploymentFrequency(double perDay) {
        if (perDay > 1) {
            return ELITE;
        }
        if (perDay >= 1.0 / 7) {
            return HIGH;
        }
        if (perDay >= 1.0 / 30) {
            return MEDIUM;
        }
        return LOW;
    }

    /** Elite: under a day; high: a day to a week; medium: a week to a month; low: a month and more. */
    public static Tier ofLeadTime(double hours) {
        if (hours < HOURS_PER_DAY) {
            return ELITE;
        }
        if (hours < HOURS_PER_WEEK) {
            return HIGH;
        }
        if (hours < HOURS_PER_MONTH) {
            return MEDIUM;
        }
        return LOW;
    }

    /**
     * The clusters are points: elite 5 %, medium 10 %, high 20 %, low 40 %. The nearest wins, a tie goes to the
     * worse tier: below 7.5 % elite, 7.5–15 % medium, above 15 % and below 30 % high, from 30 % low.
     */
    public static Tier ofChangeFailureRate(double percent) {
        if (percent < 7.5) {
            return ELITE;
        }
        if (percent <= 15) {
            return MEDIUM;
        }
        if (percent < 30) {
            return HIGH;
        }
        return LOW;
    }

    /**
     * Elite: under an hour; high (and medium, which the report gives the same bound): under a day; low: a week
     * to a month, and the gap from a day to a week goes to it, the worse neighbour, as does anything longer.
     */
    public static Tier ofRecoveryTime(double hours) {
        if (hours < 1) {
            return ELITE;
        }
        if (hours < HOURS_PER_DAY) {
            return HIGH;
        }
        return LOW;
    }
}
