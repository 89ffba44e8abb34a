package io.cicdmanager.analysis;

import java.time.Instant;

/** One value of a metric at one moment: a point of the series a range query answers. */
public record MetricPoint(Instant time, double value) {
}
