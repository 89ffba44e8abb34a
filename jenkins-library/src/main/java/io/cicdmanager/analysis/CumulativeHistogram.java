package io.cicdmanager.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram's cumulative bucket counts (the {@code _bucket} series by their {@code le} label, {@code +Inf}
 * last) at one scrape, or their increase over a window; and the two things analysis reads from them: how many
 * requests were slower than a bucket bound, and a quantile as {@code histogram_quantile} computes it.
 */
public final class CumulativeHistogram {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private final double[] bounds;
    private final double[] counts;

    private CumulativeHistogram(double[] bounds, double[] counts) {
        this.bounds = bounds;
        this.counts = counts;
    }

    /**
     * One scrape's buckets, keyed by the {@code le} label's text ({@code "0.25"}, {@code "1.0"}, {@code "+Inf"}).
     * Buckets whose labels name the same number ({@code "1"} and {@code "1.0"}) are added together, as
     * {@code histogram_quantile} does.
     *
     * @throws IllegalArgumentException when a label is not a number, a count is negative or not a number, the
     *                                  {@code +Inf} bucket is missing, or the counts are not cumulative
     */
    public static CumulativeHistogram fromBuckets(Map<String, Double> bucketsByLe) {
        TreeMap<Double, Double> sorted = new TreeMap<>();
        bucketsByLe.forEach((le, count) -> {
            double bound = parseLe(le);
            if (count == null || !(count >= 0) || Double.isInfinite(count)) {
                throw new IllegalArgumentException("bucket le=\"" + le + "\" has the count " + count
                        + "; bucket counts are finite and not negative");
            }
            sorted.merge(bound, count, Double::sum);
        });
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no buckets at all; every Prometheus histogram has at least le=\"+Inf\"");
        }
        return of(sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                sorted.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Buckets given as their bounds, ascending and ending with +Inf, and their cumulative counts.
     *
     * @throws IllegalArgumentException when the bounds are not ascending or lack +Inf, or the counts are negative,
     *                                  not numbers, or not cumulative
     */
    public static CumulativeHistogram of(double[] bounds, double[] counts) {
        if (bounds.length != counts.length) {
            throw new IllegalArgumentException(bounds.length + " bucket bounds but " + counts.length + " counts");
        }
        if (bounds.length == 0 || bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("no le=\"+Inf\" bucket among " + labels(bounds)
                    + "; every Prometheus histogram has one, and it counts all requests");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
                throw new IllegalArgumentException("bucket le=\"" + label(bounds[i]) + "\" has the count " + counts[i]
                        + "; bucket counts are finite and not negative");
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + labels(bounds));
            }
            if (i > 0 && counts[i] < counts[i - 1]) {
                throw new IllegalArgumentException("bucket le=\"" + label(bounds[i]) + "\" counts " + plain(counts[i])
                        + ", fewer than le=\"" + label(bounds[i - 1]) + "\" (" + plain(counts[i - 1])
                        + "): Prometheus buckets are cumulative, each counts every request at or below its bound");
            }
        }
        return new CumulativeHistogram(bounds.clone(), counts.clone());
    }

    /** As {@link #fromBuckets(Map)}, checking that the {@code +Inf} bucket equals the histogram's {@code _count}. */
    public static CumulativeHistogram fromBuckets(Map<String, Double> bucketsByLe, double count) {
        CumulativeHistogram histogram = fromBuckets(bucketsByLe);
        if (histogram.count() != count) {
            throw new IllegalArgumentException("the le=\"+Inf\" bucket counts " + plain(histogram.count())
                    + " but _count is " + plain(count) + "; they must be equal");
        }
        return histogram;
    }

    /**
     * How much every bucket grew from the first scrape to the last, scrapes in time order, read like Prometheus'
     * {@code increase()} without its extrapolation to the window's edges: the sum of the rises between consecutive
     * scrapes, where a fall means the counters restarted from zero (a pod restart), so the rise is the new value.
     * One difference from {@code increase()} on each series alone: a fall in any bucket counts as a restart of the
     * whole histogram, because all its series live in one process; that keeps the increases cumulative.
     *
     * @throws IllegalArgumentException with fewer than two scrapes or when the scrapes' bucket bounds differ
     */
    public static CumulativeHistogram increase(List<CumulativeHistogram> scrapes) {
        if (scrapes.size() < 2) {
            throw new IllegalArgumentException("an increase needs at least two scrapes, got " + scrapes.size());
        }
        CumulativeHistogram first = scrapes.get(0);
        double[] total = new double[first.counts.length];
        for (int s = 1; s < scrapes.size(); s++) {
            CumulativeHistogram before = scrapes.get(s - 1);
            CumulativeHistogram after = scrapes.get(s);
            if (!Arrays.equals(first.bounds, after.bounds)) {
                throw new IllegalArgumentException("scrape " + (s + 1) + " has the buckets " + labels(after.bounds)
                        + ", the first " + labels(first.bounds) + ": the histogram's buckets changed");
            }
            boolean restarted = false;
            for (int i = 0; i < total.length; i++) {
                restarted |= after.counts[i] < before.counts[i];
            }
            for (int i = 0; i < total.length; i++) {
                total[i] += restarted ? after.counts[i] : after.counts[i] - before.counts[i];
            }
        }
        return new CumulativeHistogram(first.bounds.clone(), total);
    }

    /**
     * A histogram from counter increases by {@code le} text, as the judge differences them: labels naming the same
     * number are added, and a bucket that came out below the one under it (series read at slightly different
     * moments) is raised to it, so that the result stays cumulative. Empty maps and maps without {@code +Inf} are
     * refused as in {@link #fromBuckets(Map)}.
     */
    public static CumulativeHistogram fromIncreases(Map<String, Double> bucketsByLe) {
        TreeMap<Double, Double> sorted = new TreeMap<>();
        bucketsByLe.forEach((le, count) -> sorted.merge(parseLe(le), Math.max(0, count), Double::sum));
        if (sorted.isEmpty() || sorted.lastKey() != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("no le=\"+Inf\" bucket among " + labels(sorted.keySet())
                    + "; every Prometheus histogram has one, and it counts all requests");
        }
        double[] bounds = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] counts = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 1; i < counts.length; i++) {
            counts[i] = Math.max(counts[i], counts[i - 1]);
        }
        return new CumulativeHistogram(bounds, counts);
    }

    /** This histogram's counts and {@code other}'s added, bucket by bucket; both must have the same bounds. */
    public CumulativeHistogram plus(CumulativeHistogram other) {
        if (!Arrays.equals(bounds, other.bounds)) {
            throw new IllegalArgumentException("cannot add histograms with the buckets " + labels(bounds) + " and "
                    + labels(other.bounds));
        }
        double[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new CumulativeHistogram(bounds, sum);
    }

    /** Every count times {@code factor} (at least 0): a histogram that forgets. */
    public CumulativeHistogram times(double factor) {
        double[] scaled = counts.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= factor;
        }
        return new CumulativeHistogram(bounds, scaled);
    }

    /** The highest finite bucket bound: beyond it the histogram cannot tell latencies apart. */
    public double highestBound() {
        return bounds.length < 2 ? Double.NaN : bounds[bounds.length - 2];
    }

    /**
     * How many requests were slower than {@code x}, interpolated linearly inside the bucket that holds {@code x}
     * as {@code histogram_quantile} assumes (from 0 in the lowest bucket): exact at a bucket bound. NaN above the
     * highest finite bound, where the histogram cannot tell.
     */
    public double countAbove(double x) {
        if (x < 0 || Double.isNaN(x)) {
            return count();
        }
        for (int b = 0; b < bounds.length - 1; b++) {
            if (x <= bounds[b]) {
                double lower = b == 0 ? Math.min(0, bounds[0]) : bounds[b - 1];
                double below = b == 0 ? 0 : counts[b - 1];
                double fraction = bounds[b] == lower ? 1 : (x - lower) / (bounds[b] - lower);
                return count() - (below + fraction * (counts[b] - below));
            }
        }
        return Double.NaN;
    }

    /** All requests counted: the {@code +Inf} bucket. */
    public double count() {
        return counts[counts.length - 1];
    }

    /** The finite bucket bounds, ascending. */
    public List<Double> bounds() {
        List<Double> finite = new ArrayList<>();
        for (int i = 0; i < bounds.length - 1; i++) {
            finite.add(bounds[i]);
        }
        return finite;
    }

    /** The cumulative count of the bucket whose bound is {@code le}. */
    public double countAtOrBelow(double le) {
        int i = Arrays.binarySearch(bounds, le);
        if (i < 0 || Double.isInfinite(le)) {
            throw new IllegalArgumentException("no bucket le=\"" + label(le) + "\"; the histogram's buckets are "
                    + labels(bounds) + ": a latency bound must be one of them (counts inside a bucket are unknown)");
        }
        return counts[i];
    }

    /**
     * All requests, and the bad ones: those slower than {@code le}, which must be a bucket bound (the counts above
     * it are exact; anywhere else they would be a guess).
     */
    public RequestCounts slowerThan(double le) {
        double atOrBelow = countAtOrBelow(le);
        return RequestCounts.measured(count(), count() - atOrBelow);
    }

    /**
     * The {@code q}-quantile as Prometheus' {@code histogram_quantile} computes it: linear interpolation inside the
     * bucket that holds rank q·count, from 0 in the lowest bucket (or that bucket's bound if it is not positive);
     * the highest finite bound when the rank falls in the {@code +Inf} bucket; NaN with no observations or fewer
     * than two buckets; −Inf for q &lt; 0 and +Inf for q &gt; 1.
     */
    public double quantile(double q) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int last = counts.length - 1;
        if (counts.length < 2 || counts[last] == 0) {
            return Double.NaN;
        }
        double rank = q * counts[last];
        int b = 0;
        while (b < last && counts[b] < rank) {
            b++;
        }
        if (b == last) {
            return bounds[last - 1];
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double start = 0;
        double inBucket = counts[b];
        if (b > 0) {
            start = bounds[b - 1];
            inBucket -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return start + (bounds[b] - start) * (rank / inBucket);
    }

    private static double parseLe(String le) {
        String text = le == null ? "" : le.trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "+inf", "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            default -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw new IllegalArgumentException("le=\"" + le + "\" is not a bucket bound (a number or +Inf)");
                }
                return Double.parseDouble(text);
            }
        }
    }

    private static String labels(Iterable<Double> bounds) {
        List<String> out = new ArrayList<>();
        bounds.forEach(b -> out.add(label(b)));
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    private static String labels(double[] bounds) {
        return labels(Arrays.stream(bounds).boxed().toList());
    }

    private static String label(double bound) {
        return bound == Double.POSITIVE_INFINITY ? "+Inf" : plain(bound);
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("histogram{");
        for (int i = 0; i < bounds.length; i++) {
            s.append(i == 0 ? "" : ", ").append("le=").append(label(bounds[i])).append(": ").append(plain(counts[i]));
        }
        return s.append('}').toString();
    }
}
