package io.cicdmanager.tui.screen;

import java.util.List;

/**
 * Draws a series as one row of block characters, scaled from zero to a maximum shared with its neighbours; an
 * interval without data (null) is a gap, never a zero.
 */
public final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /** The last {@code width} values, each a block from zero ({@code ▁}) to {@code max} ({@code █}). */
    public static String of(List<? extends Number> values, double max, int width) {
        if (width <= 0) {
            return "";
        }
        int from = Math.max(0, values.size() - width);
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < values.size(); i++) {
            Number n = values.get(i);
            if (n == null) {
                sb.append(' ');
                continue;
            }
            double v = n.doubleValue();
            int level = max <= 0 ? 0 : (int) Math.round(Math.min(1, Math.max(0, v / max)) * (BLOCKS.length - 1));
            sb.append(BLOCKS[level]);
        }
        return sb.toString();
    }

    /** The largest value of all the series, so that canary and stable share one scale. */
    public static double max(List<List<? extends Number>> series) {
        double max = 0;
        for (List<? extends Number> s : series) {
            for (Number n : s) {
                if (n != null) {
                    max = Math.max(max, n.doubleValue());
                }
            }
        }
        return max;
    }
}
