package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.rollout.CanaryStep;
import io.cicdmanager.rollout.DetectionBench;
import io.cicdmanager.rollout.Durations;
import io.cicdmanager.rollout.SpecFields;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cicd bench detection}: how fast each analysis policy rolls bad canaries back, and how often it rolls good
 * ones back, over many seeded runs of simulated traffic.
 */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures detection: each scenario's simulated traffic (200 requests/s, the canary at 5 %% then "
            + "25 %% then 50 %% for 15 minutes each) through each policy's analysis, on virtual time, with the engine's "
            + "analysis loop and the simulator of cicd simulate; prints the median and P95 time from the canary's "
            + "first traffic to traffic back on stable, the false-rollback rate on healthy scenarios and the "
            + "missed-bad rate.",
            "Policies: ours, seed, flagger-1, flagger-10, argo. Scenarios: healthy, errors-2x, errors-10x, p95-2x, "
            + "p95-3x, low-traffic, noisy-healthy."})
final class BenchDetectionCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--runs", defaultValue = "200", description = "Runs per policy and scenario (default "
            + "${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the first run; run i uses seed + i "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON.")
    String jsonFile;

    @Option(names = "--policies", split = ",", paramLabel = "NAME", description = "Only these policies.")
    List<String> policyNames;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "Only these scenarios.")
    List<String> scenarioNames;

    @Option(names = "--steps", paramLabel = "STEPS", description = "Other canary steps, as cicd canary takes them "
            + "(default " + DetectionBench.DEFAULT_STEPS + ").")
    String steps;

    @Option(names = "--ours", paramLabel = "FILE", description = "Run this analysis section (YAML, as under "
            + "strategy.canary.analysis) as the policy ours.")
    String oursFile;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel runs (default: the processors).")
    Integer threads;

    BenchDetectionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (runs < 1) {
            throw new UsageException("--runs must be at least 1");
        }
        int parallel = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (parallel < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        List<DetectionBench.Policy> policies = new ArrayList<>(DetectionBench.select(DetectionBench.policies(),
                policyNames, DetectionBench.Policy::name, "policies"));
        if (oursFile != null) {
            String yaml;
            try {
                yaml = Files.readString(context.resolve(oursFile));
            } catch (IOException e) {
                throw new UsageException("--ours: cannot read " + oursFile + ": " + e.getMessage(), e);
            }
            policies.replaceAll(p -> p.name().equals("ours") ? new DetectionBench.Policy("ours", "from " + oursFile,
                    yaml, oursFile) : p);
        }
        policies.forEach(DetectionBench.Policy::parse);
        List<DetectionBench.Scenario> scenarios = DetectionBench.select(DetectionBench.scenarios(), scenarioNames,
                DetectionBench.Scenario::name, "scenarios");
        DetectionBench bench = new DetectionBench(canarySteps());
        context.out().printf(Locale.ROOT, "detection: %d runs per policy and scenario from seed %d, steps %s, "
                + "progress deadline %s%n", runs, seed, steps == null ? DetectionBench.DEFAULT_STEPS : steps,
                Durations.format(DetectionBench.PROGRESS_DEADLINE));
        for (DetectionBench.Policy p : policies) {
            context.out().println("  " + p.name() + ": " + p.description());
        }
        List<DetectionBench.Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<DetectionBench.Row>> futures = new ArrayList<>();
            for (DetectionBench.Scenario s : scenarios) {
                for (DetectionBench.Policy p : policies) {
                    futures.add(pool.submit(() -> bench.measure(p, s, runs, seed)));
                }
            }
            for (Future<DetectionBench.Row> f : futures) {
                try {
                    rows.add(f.get());
                } catch (ExecutionException e) {
                    // A failed run fails the benchmark with its own message, as if it had run on this thread.
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        print(rows);
        List<Map<String, Object>> json = new ArrayList<>();
        for (DetectionBench.Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", r.policy());
            row.put("scenario", r.scenario());
            row.put("runs", r.runs());
            row.put("rollbacks", r.rollbacks());
            row.put("medianSeconds", r.medianSeconds());
            row.put("p95Seconds", r.p95Seconds());
            json.add(row);
        }
        ResultFiles.write(context, jsonFile, Map.of("rows", json));
        return ExitCode.OK;
    }

    private List<CanaryStep> canarySteps() {
        return SpecFields.canarySteps(steps == null ? DetectionBench.DEFAULT_STEPS : steps, "--steps");
    }

    private void print(List<DetectionBench.Row> rows) {
        context.out().println();
        context.out().printf(Locale.ROOT, "%-14s %-11s %6s %9s %9s %8s %9s %9s  %-24s %s%n", "scenario", "policy",
                "runs", "rollbacks", "promoted", "paused", "median s", "P95 s", "", "rolled back by");
        for (DetectionBench.Row r : rows) {
            double rate = 100.0 * r.rollbacks() / r.runs();
            String verdict = r.bad() ? String.format(Locale.ROOT, "missed %.1f %%", 100 - rate)
                    : String.format(Locale.ROOT, "false rollbacks %.1f %%", rate);
            StringBuilder by = new StringBuilder();
            r.trippedBy().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> by.append(by.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(e.getValue()));
            context.out().printf(Locale.ROOT, "%-14s %-11s %6d %9d %9d %8d %9s %9s  %-24s %s%n", r.scenario(),
                    r.policy(), r.runs(), r.rollbacks(), r.promoted(), r.paused(), seconds(r.medianSeconds()),
                    seconds(r.p95Seconds()), verdict, by);
        }
    }

    private static String seconds(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.0f", s);
    }
}
