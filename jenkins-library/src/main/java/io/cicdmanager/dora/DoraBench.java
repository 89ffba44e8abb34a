package io.cicdmanager.dora;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A year of synthetic deployments in a SQLite store and the reports run on it ({@code cicd bench dora}): 1 to 5
 * changes each with lead times skewed short, 10 % failed and most of those restored, a few causing incidents.
 */
public final class DoraBench {
    /** How far back the deployments go. */
    public static final Duration HISTORY = Duration.ofDays(365);
    private static final int CHUNK = 10_000;

    private final int deployments;
    private final int services;
    private final int runs;
    private final long seed;

    public DoraBench(int deployments, int services, int runs, long seed) {
        this.deployments = deployments;
        this.services = services;
        this.runs = runs;
        this.seed = seed;
    }

    /** What was loaded, and in how long. */
    public record Load(long deployments, long changes, long nanos) {
    }

    /** One report timed: the deployments it counted, its first (cold) run, and the median and slowest of all runs. */
    public record Timing(String report, long deployments, long coldMillis, long medianMillis, long maxMillis) {
    }

    /** Loads the deployments, finished up to {@link #HISTORY} before {@code now}, into the store at {@code file}. */
    public Load load(Path file, Instant now) {
        long start = System.nanoTime();
        long changes;
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(file))) {
            changes = load(store, now);
        }
        return new Load(deployments, changes, System.nanoTime() - start);
    }

    /**
     * Times the reports people and the exporter run on the store at {@code file}, telling {@code each} as each is
     * timed; returns how many services the per-service report had.
     */
    public int time(Path file, Instant now, Consumer<Timing> each) {
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(file))) {
            DoraReporter reporter = new DoraReporter(store);
            Window all = new Window(now.minus(HISTORY).minusSeconds(1), now);
            Window month = Window.ending(now, Duration.ofDays(30));
            each.accept(time("all services, whole year (every deployment)", () -> reporter.report(Selection.ALL, all)));
            each.accept(time("all services, last 30 days (the default window)",
                    () -> reporter.report(Selection.ALL, month)));
            each.accept(time("one service, whole year",
                    () -> reporter.report(new Selection("service-7", "prod", null), all)));
            each.accept(time("one team, last 30 days",
                    () -> reporter.report(new Selection(null, null, "team-3"), month)));
            List<DoraReport> perService = new ArrayList<>();
            each.accept(time("per service, last 30 days (a Prometheus scrape)", () -> {
                perService.clear();
                perService.addAll(reporter.reportPerService(month));
                return perService.get(0);
            }));
            return perService.size();
        }
    }

    private long load(DoraStore store, Instant now) {
        Random random = new Random(seed);
        long historyMillis = HISTORY.toMillis();
        long changes = 0;
        List<Deployment> chunk = new ArrayList<>(CHUNK);
        for (int i = 0; i < deployments; i++) {
            Instant finished = now.minusMillis((long) (random.nextDouble() * historyMillis));
            int shipped = 1 + random.nextInt(5);
            List<Instant> commits = new ArrayList<>(shipped);
            for (int c = 0; c < shipped; c++) {
                // lead times from minutes to about two weeks, skewed short as they are in practice
                double hours = Math.pow(random.nextDouble(), 3) * 24 * 14;
                commits.add(finished.minusSeconds((long) (hours * 3600) + 60));
            }
            changes += shipped;
            int service = random.nextInt(services);
            boolean failed = random.nextInt(10) == 0;
            String id = "deploy-" + i;
            chunk.add(new Deployment(id, "service-" + service, "prod", "team-" + service % 10, "1." + i,
                    Long.toHexString(random.nextLong()), commits, finished.minusSeconds(600), finished,
                    failed ? DeploymentStatus.FAILURE : DeploymentStatus.SUCCESS, "bench", null));
            if (failed && random.nextInt(5) != 0) {
                store.record(new Restore("restore-" + i, id, finished.plusSeconds(60 + random.nextInt(7200)),
                        RestoreKind.ROLLBACK, null));
            } else if (!failed && random.nextInt(50) == 0) {
                store.record(new Incident("incident-" + i, "service-" + service, "prod",
                        finished.plusSeconds(600), finished.plusSeconds(3600 + random.nextInt(20_000)), id));
            }
            if (chunk.size() == CHUNK) {
                store.recordAll(chunk);
                chunk.clear();
            }
        }
        store.recordAll(chunk);
        return changes;
    }

    private Timing time(String name, Supplier<DoraReport> report) {
        long[] millis = new long[runs];
        DoraReport last = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            last = report.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Timing(name, last.deployments(), millis[0], sorted[runs / 2], sorted[runs - 1]);
    }
}
