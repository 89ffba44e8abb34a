package io.cicdmanager.tui.demo;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.Restore;
import io.cicdmanager.dora.RestoreKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Eight weeks of made-up deployment history for the demo's applications, so that its DORA screen has tiers and
 * trends to show from the first second; the demo's own rollouts are recorded on top of it as they end. Seeded, so
 * every demo shows the same past.
 */
final class DemoHistory {
    static final Duration SPAN = Duration.ofDays(56);

    /**
     * How an application has been deploying: deployments per day, the share that failed, lead time from commit
     * to production (hours, a range), and the time to restore a failed one (minutes, a range).
     */
    record Profile(double perDay, double failureShare, double leadMinHours, double leadMaxHours,
            double restoreMinMinutes, double restoreMaxMinutes) {
    }

    private DemoHistory() {
    }

    /** Records the history of every application up to {@code now}; returns how many deployments it recorded. */
    static int seed(DoraStore store, List<DemoApp> apps, Instant now) {
        int recorded = 0;
        for (int a = 0; a < apps.size(); a++) {
            DemoApp app = apps.get(a);
            Profile p = app.history();
            SplittableRandom random = new SplittableRandom(1000L + a);
            List<Deployment> deployments = new ArrayList<>();
            List<Restore> restores = new ArrayList<>();
            Instant t = now.minus(SPAN);
            double meanGapHours = 24 / p.perDay();
            for (int i = 1; ; i++) {
                t = t.plus(hours(-Math.log(1 - random.nextDouble()) * meanGapHours));
                if (!t.isBefore(now.minus(Duration.ofHours(1)))) {
                    break;
                }
                String id = "history/" + app.name() + "/" + i;
                Instant commit = t.minus(hours(between(random, p.leadMinHours(), p.leadMaxHours())));
                boolean failed = random.nextDouble() < p.failureShare();
                deployments.add(new Deployment(id, app.name(), DemoApp.NAMESPACE, app.team(), "0." + i + ".0",
                        sha(random), List.of(commit), t.minus(Duration.ofMinutes(12)), t,
                        failed ? DeploymentStatus.FAILURE : DeploymentStatus.SUCCESS, "jenkins", null));
                if (failed) {
                    restores.add(new Restore(id + "/restore", id, t.plus(Duration.ofSeconds(Math.round(60
                            * between(random, p.restoreMinMinutes(), p.restoreMaxMinutes())))), RestoreKind.ROLLBACK,
                            "jenkins"));
                }
            }
            store.recordAll(deployments);
            for (Restore r : restores) {
                store.record(r);
            }
            recorded += deployments.size();
        }
        return recorded;
    }

    private static Duration hours(double hours) {
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    private static double between(SplittableRandom random, double min, double max) {
        return min + random.nextDouble() * (max - min);
    }

    private static String sha(SplittableRandom random) {
        byte[] bytes = new byte[20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
