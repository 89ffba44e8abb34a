package io.cicdmanager.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Arithmetic on one counter series' raw samples as Prometheus stores them (one per scrape, in time order): how much
 * it rose between two instants read off the samples themselves, and Prometheus' own {@code increase()}, which
 * extrapolates. The Prometheus provider and the simulator share it, so that both count alike.
 */
public final class CounterSamples {
    private CounterSamples() {
    }

    /**
     * How much the counter rose in each of {@code steps} consecutive spans of {@code step} ending at {@code end}:
     * the counter read at the last sample at or before each span's ends, differenced, never extrapolated. A fall
     * between two samples is a restart from zero, so the rise is the new value. A series whose first sample is
     * after the first span starts appeared in the window (a new pod): it counts from zero, so its first requests
     * count too. Samples must cover the window and some time before it (at least one scrape interval), or a series
     * that existed all along would look new.
     */
    public static double[] increases(List<MetricPoint> samples, Instant end, Duration step, int steps) {
        double[] out = new double[steps];
        if (samples.isEmpty()) {
            return out;
        }
        Instant start = end.minus(step.multipliedBy(steps));
        boolean appeared = samples.get(0).time().isAfter(start);
        // The counter corrected for restarts, at each sample: 0 at the first, or its value if the series is new.
        double corrected = appeared ? samples.get(0).value() : 0;
        double previous = samples.get(0).value();
        double[] atBoundary = new double[steps + 1];
        int boundary = 0;
        Instant next = start;
        // Boundaries before the first sample read as the counter before it existed: 0 when it is new.
        while (boundary <= steps && samples.get(0).time().isAfter(next)) {
            atBoundary[boundary++] = 0;
            next = start.plus(step.multipliedBy(boundary));
        }
        for (int i = 0; i < samples.size(); i++) {
            MetricPoint p = samples.get(i);
            if (i > 0) {
                double rise = p.value() >= previous ? p.value() - previous : p.value();
                // Boundaries between the previous sample and this one read the counter at the previous sample.
                while (boundary <= steps && p.time().isAfter(next)) {
                    atBoundary[boundary++] = corrected;
                    next = start.plus(step.multipliedBy(boundary));
                }
                corrected += rise;
                previous = p.value();
            }
        }
        while (boundary <= steps) {
            atBoundary[boundary++] = corrected;
        }
        for (int s = 0; s < steps; s++) {
            out[s] = atBoundary[s + 1] - atBoundary[s];
        }
        return out;
    }

    /**
     * Prometheus' {@code increase(counter[range])} evaluated at {@code end} over the samples in
     * [{@code end} − range, {@code end}] (Prometheus 2's range selection, which includes a sample exactly at the
     * range's start; Prometheus 3 leaves it out): the rise from the first to the last sample (restarts added back),
     * extrapolated towards the range's edges by up to half the average interval between samples where the data stop
     * short of them (and to where the counter would have been zero, if that is nearer), as its {@code extrapolatedRate}
     * does. NaN with fewer than two samples.
     */
    public static double extrapolatedIncrease(List<MetricPoint> samples, Instant end, Duration range) {
        Instant rangeStart = end.minus(range);
        MetricPoint first = null;
        MetricPoint last = null;
        int count = 0;
        double rise = 0;
        double previous = 0;
        for (MetricPoint p : samples) {
            if (p.time().isBefore(rangeStart) || p.time().isAfter(end)) {
                continue;
            }
            if (first == null) {
                first = p;
            } else {
                rise += p.value() >= previous ? p.value() - previous : p.value();
            }
            previous = p.value();
            last = p;
            count++;
        }
        if (count < 2) {
            return Double.NaN;
        }
        double toStart = seconds(rangeStart, first.time());
        double toEnd = seconds(last.time(), end);
        double sampled = seconds(first.time(), last.time());
        double averageBetween = sampled / (count - 1);
        if (rise > 0 && first.value() >= 0) {
            double toZero = sampled * (first.value() / rise);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = averageBetween * 1.1;
        double extrapolated = sampled;
        extrapolated += toStart < threshold ? toStart : averageBetween / 2;
        extrapolated += toEnd < threshold ? toEnd : averageBetween / 2;
        return rise * (extrapolated / sampled);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
