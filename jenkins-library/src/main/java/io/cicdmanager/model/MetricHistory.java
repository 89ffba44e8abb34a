package io.cicdmanager.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded series of measurements the TUI draws its charts from ({@code metrics.json} on the record): at each
 * analysis round, the canary weight and each track's error rate, P95 latency and request rate.
 */
public record MetricHistory(int maxPoints, List<Point> points) {
    /** About two hours of 30-second rounds; a ConfigMap must stay well under its 1 MiB limit. */
    public static final int DEFAULT_MAX_POINTS = 240;

    public MetricHistory {
        points = points == null ? List.of() : List.copyOf(points);
    }

    public static MetricHistory empty() {
        return new MetricHistory(DEFAULT_MAX_POINTS, List.of());
    }

    /** One track's numbers at one round; a null field had no data. */
    public record TrackPoint(Double errorRate, Double p95Seconds, Double requestsPerSecond) {
    }

    /** One analysis round: when, the canary weight then, and both tracks' numbers. */
    public record Point(Instant t, int weight, TrackPoint canary, TrackPoint stable) {
    }

    public MetricHistory plus(Point point) {
        List<Point> next = new ArrayList<>(points);
        next.add(point);
        int limit = maxPoints <= 0 ? DEFAULT_MAX_POINTS : maxPoints;
        while (next.size() > limit) {
            next.remove(0);
        }
        return new MetricHistory(limit, next);
    }
}
