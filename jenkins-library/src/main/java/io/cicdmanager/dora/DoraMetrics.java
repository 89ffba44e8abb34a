package io.cicdmanager.dora;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The four keys of every service, environment and team as Prometheus gauges, computed from the store at each
 * collection over the window ending then. A key with no data has no sample (absence is Prometheus' "no data"),
 * never a zero.
 */
public final class DoraMetrics implements MultiCollector {
    public static final String WINDOW_SECONDS = "dora_window_seconds";
    public static final String DEPLOYMENTS = "dora_window_deployments";
    public static final String FREQUENCY = "dora_deployment_frequency_per_day";
    public static final String LEAD_MEDIAN = "dora_lead_time_median_seconds";
    public static final String LEAD_P90 = "dora_lead_time_p90_seconds";
    public static final String FAILURE_RATIO = "dora_change_failure_ratio";
    public static final String RECOVERY_MEDIAN = "dora_recovery_time_median_seconds";
    public static final String UNRESTORED = "dora_failed_deployments_unrestored";
    public static final String TIER = "dora_performance_tier";

    private static final double SECONDS_PER_HOUR = 3600;

    private final DoraReporter reporter;
    private final Supplier<Instant> now;
    private final Duration window;

    public DoraMetrics(DoraReporter reporter, Supplier<Instant> now, Duration window) {
        this.reporter = reporter;
        this.now = now;
        this.window = window;
    }

    /** A registry holding only these metrics, for an HTTP server or a push. */
    public static PrometheusRegistry registry(DoraReporter reporter, Supplier<Instant> now, Duration window) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DoraMetrics(reporter, now, window));
        return registry;
    }

    @Override
    public MetricSnapshots collect() {
        List<DoraReport> reports = reporter.reportPerService(Window.ending(now.get(), window));
        Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
        gauge(gauges, WINDOW_SECONDS, "Length of the window the DORA keys are computed over.")
                .dataPoint(point(Labels.EMPTY, window.toSeconds()));
        gauge(gauges, DEPLOYMENTS, "Deployments that finished in the window, by status.");
        gauge(gauges, FREQUENCY, "Successful deployments per day over the window.");
        gauge(gauges, LEAD_MEDIAN, "Median lead time for changes: deployment finish minus commit time.");
        gauge(gauges, LEAD_P90, "90th percentile of lead time for changes.");
        gauge(gauges, FAILURE_RATIO, "Deployments that failed, caused an incident or were restored, over all.");
        gauge(gauges, RECOVERY_MEDIAN, "Median failed deployment recovery time: restore minus failed finish.");
        gauge(gauges, UNRESTORED, "Failed deployments in the window with no restore recorded yet.");
        gauge(gauges, TIER, "DORA 2024 performance tier per key: 4 elite, 3 high, 2 medium, 1 low.");
        for (DoraReport r : reports) {
            Labels labels = Labels.of("service", r.selection().service(), "environment",
                    r.selection().environment(), "team", r.selection().team() == null ? "" : r.selection().team());
            long successful = r.deploymentFrequency().successful();
            gauges.get(DEPLOYMENTS).dataPoint(point(labels.add("status", "success"), successful))
                    .dataPoint(point(labels.add("status", "failure"), r.deployments() - successful));
            add(gauges, FREQUENCY, labels, r.deploymentFrequency().perDay(), 1);
            add(gauges, LEAD_MEDIAN, labels, r.leadTime().medianHours(), SECONDS_PER_HOUR);
            add(gauges, LEAD_P90, labels, r.leadTime().p90Hours(), SECONDS_PER_HOUR);
            add(gauges, FAILURE_RATIO, labels, r.changeFailureRate().percent(), 0.01);
            add(gauges, RECOVERY_MEDIAN, labels, r.recoveryTime().medianHours(), SECONDS_PER_HOUR);
            gauges.get(UNRESTORED).dataPoint(point(labels, r.recoveryTime().unrestored()));
            addTier(gauges, labels, "deployment_frequency", r.deploymentFrequency().tier());
            addTier(gauges, labels, "lead_time", r.leadTime().tier());
            addTier(gauges, labels, "change_failure_rate", r.changeFailureRate().tier());
            addTier(gauges, labels, "recovery_time", r.recoveryTime().tier());
        }
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> snapshots = new ArrayList<>();
        gauges.values().forEach(g -> snapshots.add(g.build()));
        return new MetricSnapshots(snapshots);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(WINDOW_SECONDS, DEPLOYMENTS, FREQUENCY, LEAD_MEDIAN, LEAD_P90, FAILURE_RATIO, RECOVERY_MEDIAN,
                UNRESTORED, TIER);
    }

    private static GaugeSnapshot.Builder gauge(Map<String, GaugeSnapshot.Builder> gauges, String name, String help) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        gauges.put(name, builder);
        return builder;
    }

    private static void add(Map<String, GaugeSnapshot.Builder> gauges, String name, Labels labels, Double value,
            double scale) {
        if (value != null) {
            gauges.get(name).dataPoint(point(labels, value * scale));
        }
    }

    private static void addTier(Map<String, GaugeSnapshot.Builder> gauges, Labels labels, String key, Tier tier) {
        if (tier != null) {
            gauges.get(TIER).dataPoint(point(labels.add("key", key), tier.rank()));
        }
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
