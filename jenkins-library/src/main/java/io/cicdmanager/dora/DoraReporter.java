package io.cicdmanager.dora;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the four keys and their tiers from what a {@link DoraStore} aggregates: for one selection, for every
 * service, and as a weekly trend (what the terminal UI's DORA screen shows).
 */
public final class DoraReporter {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final DoraStore store;

    public DoraReporter(DoraStore store) {
        this.store = store;
    }

    public DoraReport report(Selection selection, Window window) {
        return keys(selection, window, store.figures(selection, window));
    }

    /** One report per service, environment and team that deployed in the window. */
    public List<DoraReport> reportPerService(Window window) {
        List<DoraReport> reports = new ArrayList<>();
        for (Selection selection : store.selections(window)) {
            reports.add(report(selection, window));
        }
        return reports;
    }

    /** Reports for the {@code weeks} consecutive weeks ending at {@code until}, oldest first. */
    public List<DoraReport> weeklyTrend(Selection selection, Instant until, int weeks) {
        List<DoraReport> trend = new ArrayList<>(weeks);
        for (int i = weeks - 1; i >= 0; i--) {
            Instant weekEnd = until.minus(Duration.ofDays(7L * i));
            trend.add(report(selection, Window.ending(weekEnd, Duration.ofDays(7))));
        }
        return trend;
    }

    /** Every service's keys over the window, with its weekly trend: the DORA screen's rows. */
    public List<ServiceTrend> overview(Window window, int weeks) {
        List<ServiceTrend> rows = new ArrayList<>();
        for (Selection selection : store.selections(window)) {
            rows.add(new ServiceTrend(report(selection, window), weeklyTrend(selection, window.until(), weeks)));
        }
        return rows;
    }

    /** The arithmetic of the keys, separate from the store so that it is tested on its own. */
    static DoraReport keys(Selection selection, Window window, WindowFigures figures) {
        long deployments = figures.deployments();
        DoraReport.DeploymentFrequency frequency;
        DoraReport.ChangeFailureRate failureRate;
        if (deployments == 0) {
            frequency = new DoraReport.DeploymentFrequency(null, null, 0);
            failureRate = new DoraReport.ChangeFailureRate(null, null, 0, 0);
        } else {
            double perDay = figures.successful() / window.days();
            frequency = new DoraReport.DeploymentFrequency(perDay, Tier.ofDeploymentFrequency(perDay),
                    figures.successful());
            double percent = 100.0 * figures.failed() / deployments;
            failureRate = new DoraReport.ChangeFailureRate(percent, Tier.ofChangeFailureRate(percent),
                    figures.failed(), deployments);
        }
        DoraReport.LeadTime leadTime;
        WindowFigures.LeadTimePercentiles lead = figures.leadTime();
        if (lead == null || lead.changes() == 0) {
            leadTime = new DoraReport.LeadTime(null, null, null, 0);
        } else {
            double median = lead.medianMillis() / MILLIS_PER_HOUR;
            leadTime = new DoraReport.LeadTime(median, lead.p90Millis() / MILLIS_PER_HOUR, Tier.ofLeadTime(median),
                    lead.changes());
        }
        Double recoveryMillis = Percentiles.medianMillis(figures.recoveryTimes());
        long restored = figures.recoveryTimes().size();
        DoraReport.RecoveryTime recovery = recoveryMillis == null
                ? new DoraReport.RecoveryTime(null, null, 0, figures.failed())
                : new DoraReport.RecoveryTime(recoveryMillis / MILLIS_PER_HOUR,
                        Tier.ofRecoveryTime(recoveryMillis / MILLIS_PER_HOUR), restored,
                        Math.max(0, figures.failed() - restored));
        return new DoraReport(selection, window, deployments, frequency, leadTime, failureRate, recovery);
    }

    /** A service's keys over the whole window and week by week. */
    public record ServiceTrend(DoraReport current, List<DoraReport> weekly) {
        public ServiceTrend {
            weekly = List.copyOf(weekly);
        }
    }
}
