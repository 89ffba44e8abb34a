package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraReport;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.Incident;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.Restore;
import io.cicdmanager.dora.RestoreKind;
import io.cicdmanager.dora.Selection;
import io.cicdmanager.dora.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cicd bench dora}: loads a year of synthetic deployments into a temporary SQLite store and times the
 * reports people and the exporter run on it.
 */
@Command(name = "dora", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads synthetic deployments (1 to 5 changes each, 10 %% failed, most restored, some causing",
            "incidents) spread over a year into a temporary SQLite store, then times cicd dora report on it."})
final class BenchDoraCommand implements Callable<Integer> {
    private static final Duration HISTORY = Duration.ofDays(365);
    private static final int CHUNK = 10_000;

    private final CliContext context;

    @Option(names = "--deployments", description = "Default: 1000000.")
    int deployments = 1_000_000;
    @Option(names = "--services", description = "Services the deployments are spread over. Default: 50.")
    int services = 50;
    @Option(names = "--runs", description = "Timed runs of each report (the first one cold). Default: 5.")
    int runs = 5;
    @Option(names = "--seed", description = "Default: 7.")
    long seed = 7;
    @Option(names = "--keep", paramLabel = "FILE",
            description = "Load into this SQLite file and keep it (it must not exist yet), to look at afterwards.")
    String keep;

    BenchDoraCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (deployments < 1 || services < 1 || runs < 1) {
            throw new UsageException("--deployments, --services and --runs must be at least 1");
        }
        if (keep != null) {
            Path kept = context.resolve(keep);
            if (Files.exists(kept)) {
                throw new UsageException("--keep " + keep + ": the file exists; the benchmark loads a new store");
            }
            run(kept);
            return ExitCode.OK;
        }
        Path dir = Files.createTempDirectory("cicd-bench-dora");
        Path file = dir.resolve("dora.db");
        try {
            run(file);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ExitCode.OK;
    }

    private void run(Path file) {
        Instant now = context.clock().instant();
        var out = context.out();
        out.printf(Locale.ROOT, "cicd bench dora: %,d deployments of %d services over %d days, SQLite%n",
                deployments, services, HISTORY.toDays());
        long changes;
        long loadNanos = System.nanoTime();
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(file))) {
            changes = load(store, now);
        }
        loadNanos = System.nanoTime() - loadNanos;
        out.printf(Locale.ROOT, "loaded %,d deployments and %,d changes in %.1f s (%,.0f deployments/s); file %,d MB%n",
                deployments, changes, loadNanos / 1e9, deployments / (loadNanos / 1e9), size(file) / 1_000_000);

        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(file))) {
            DoraReporter reporter = new DoraReporter(store);
            Window all = new Window(now.minus(HISTORY).minusSeconds(1), now);
            Window month = Window.ending(now, Duration.ofDays(30));
            out.printf(Locale.ROOT, "%-52s %12s %10s %10s %10s%n", "report", "deployments", "cold ms", "median ms",
                    "max ms");
            time("all services, whole year (every deployment)", () -> reporter.report(Selection.ALL, all));
            time("all services, last 30 days (the default window)", () -> reporter.report(Selection.ALL, month));
            time("one service, whole year", () -> reporter.report(new Selection("service-7", "prod", null), all));
            time("one team, last 30 days", () -> reporter.report(new Selection(null, null, "team-3"), month));
            List<DoraReport> perService = new ArrayList<>();
            time("per service, last 30 days (a Prometheus scrape)", () -> {
                perService.clear();
                perService.addAll(reporter.reportPerService(month));
                return perService.get(0);
            });
            out.printf(Locale.ROOT, "(the per-service row's deployments are one service's; %d rows)%n",
                    perService.size());
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

    private void time(String name, Supplier<DoraReport> report) {
        long[] millis = new long[runs];
        DoraReport last = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            last = report.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long cold = millis[0];
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        context.out().printf(Locale.ROOT, "%-52s %,12d %10d %10d %10d%n", name, last.deployments(), cold,
                sorted[runs / 2], sorted[runs - 1]);
        context.out().flush();
    }

    private static long size(Path file) {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString()))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
