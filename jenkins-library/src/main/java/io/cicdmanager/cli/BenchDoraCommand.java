package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.dora.DoraBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
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
        try (ScratchDirectory dir = ScratchDirectory.create("cicd-bench-dora")) {
            run(dir.path().resolve("dora.db"));
        }
        return ExitCode.OK;
    }

    private void run(Path file) {
        Instant now = context.clock().instant();
        var out = context.out();
        out.printf(Locale.ROOT, "cicd bench dora: %,d deployments of %d services over %d days, SQLite%n",
                deployments, services, DoraBench.HISTORY.toDays());
        DoraBench bench = new DoraBench(deployments, services, runs, seed);
        DoraBench.Load load = bench.load(file, now);
        out.printf(Locale.ROOT, "loaded %,d deployments and %,d changes in %.1f s (%,.0f deployments/s); file %,d MB%n",
                load.deployments(), load.changes(), load.nanos() / 1e9, load.deployments() / (load.nanos() / 1e9),
                size(file) / 1_000_000);
        out.printf(Locale.ROOT, "%-52s %12s %10s %10s %10s%n", "report", "deployments", "cold ms", "median ms",
                "max ms");
        int perService = bench.time(file, now, t -> {
            out.printf(Locale.ROOT, "%-52s %,12d %10d %10d %10d%n", t.report(), t.deployments(), t.coldMillis(),
                    t.medianMillis(), t.maxMillis());
            out.flush();
        });
        out.printf(Locale.ROOT, "(the per-service row's deployments are one service's; %d rows)%n", perService);
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
