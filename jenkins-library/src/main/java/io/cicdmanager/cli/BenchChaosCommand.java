package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.rollout.ChaosBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cicd bench chaos}: random rollouts under faults, kills and racing operators, the invariants checked. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Runs random rollouts (every strategy and router) against an in-process API server in virtual "
            + "time, injecting engine kills, API faults (409, 429, 500, dropped connections, slow answers), "
            + "Prometheus outages and garbage, pod readiness faults and racing operators, and checks the safety "
            + "invariants I1-I5 after every step (docs/reliability.md).",
            "Exit: 0 no invariant broken; 1 some were (each printed with the seed that replays it); 2 bad usage."})
final class BenchChaosCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--runs", defaultValue = "100", description = "Rollouts to run (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the first run; run i uses seed + i "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    String jsonFile;

    @Option(names = "--quiet", description = "Print violations and the summary, not one line per run.")
    boolean quiet;

    @Option(names = "--trace", description = "Print each run's spec, world and audit trail too (to replay a "
            + "violation).")
    boolean trace;

    BenchChaosCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (runs < 1) {
            throw new UsageException("--runs must be at least 1");
        }
        java.time.Instant started = context.clock().instant();
        // The engines' warnings about the faults injected on purpose would drown the figures.
        ch.qos.logback.classic.Logger engineLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "io.cicdmanager");
        ch.qos.logback.classic.Level level = engineLog.getLevel();
        engineLog.setLevel(ch.qos.logback.classic.Level.ERROR);
        ChaosBench.Report report;
        try {
            report = new ChaosBench().run(runs, seed, line -> {
                if (!quiet || line.startsWith("VIOLATION")) {
                    context.out().println(line);
                    context.out().flush();
                }
            }, trace);
        } finally {
            engineLog.setLevel(level);
        }
        long seconds = java.time.Duration.between(started, context.clock().instant()).toSeconds();
        context.out().println("chaos: " + report.runs() + " runs from seed " + report.seed() + " in " + seconds
                + " s: " + report.engineKills() + " engine kills, " + report.apiFaults() + " API faults, "
                + report.commands() + " operator commands; outcomes " + report.outcomes() + "; "
                + report.violations().size() + " invariant violations");
        ResultFiles.write(context, jsonFile, report);
        return report.violations().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}
