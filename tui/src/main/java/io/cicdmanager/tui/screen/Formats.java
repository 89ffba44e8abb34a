package io.cicdmanager.tui.screen;

import java.time.Duration;
import java.util.Locale;

/** How the screens write ages, shares, latencies and ratios: short, and the same everywhere. */
public final class Formats {
    private Formats() {
    }

    /** {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}: the k9s style of age. */
    public static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "d";
    }

    /** A share as a percentage: {@code 0.42%}, {@code 12.5%}. */
    public static String percent(double ratio) {
        double p = ratio * 100;
        return String.format(Locale.ROOT, p < 10 ? "%.2f%%" : "%.1f%%", p);
    }

    /** Seconds as {@code 180ms} below a second, else {@code 1.25s}. */
    public static String seconds(double seconds) {
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.0fms", seconds * 1000);
        }
        return String.format(Locale.ROOT, "%.2fs", seconds);
    }
}
