package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.rollout.CanaryStep;
import io.cicdmanager.rollout.DetectionBench;
import io.cicdmanager.rollout.Durations;
import io.cicdmanager.rollout.SpecFields;
import java.io.IOException;
import java.nio.file.Path;
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
 * ones back, over many seeded runs of simulated traffic; and, with {@code --curve}, each policy's trade-off between
 * the two as its dial turns, drawn as a picture.
 */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures detection: each scenario's simulated traffic (200 requests/s, the canary at 5 %% then "
            + "25 %% then 50 %% for 15 minutes each) through each policy's analysis, on virtual time, with the engine's "
            + "analysis loop and the simulator of cicd simulate; prints the median and P95 time from the canary's "
            + "first traffic to traffic back on stable, the false-rollback rate on scenarios that expect a promotion "
            + "and the miss rate on those that expect a rollback.",
            "Policies: ours, ours-60s, seed, flagger-1, flagger-10, argo. Scenarios: healthy, low-traffic, "
            + "noisy-healthy, bursty-healthy, bursty5-healthy, noisy-canary-healthy, noisy-both-healthy, "
            + "warmup-healthy, stable-bad-pod, scraped-healthy, errors-2x, errors-10x, p95-1.5x, p95-2x, p95-3x, "
            + "bursty-errors-10x, bursty-errors-2x, noisy-errors-10x, noisy-errors-2x, noisy-p95-1.5x, "
            + "warmup-errors-10x, bad-pod, scraped-errors-10x, scraped-p95-1.5x."})
final class BenchDetectionCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--runs", defaultValue = "200", description = "Runs per policy and scenario (default "
            + "${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the whole benchmark; each run's own is mixed "
            + "from it and the run's number (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON (- for standard output, "
            + "instead of the table).")
    String jsonFile;

    @Option(names = "--policies", split = ",", paramLabel = "NAME", description = "Only these policies.")
    List<String> policyNames;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "Only these scenarios.")
    List<String> scenarioNames;

    @Option(names = "--scenario-file", paramLabel = "FILE", description = "Also run this scenario (the YAML of cicd "
            + "simulate --scenario, with expect: promote or rollback), named after the file; repeatable.")
    List<String> scenarioFiles;

    @Option(names = "--steps", paramLabel = "STEPS", description = "Other canary steps, as cicd canary takes them "
            + "(default " + DetectionBench.DEFAULT_STEPS + ").")
    String steps;

    @Option(names = "--ours", paramLabel = "FILE", description = "Run this analysis section (YAML, as under "
            + "strategy.canary.analysis) as the policy ours.")
    String oursFile;

    @Option(names = "--curve", paramLabel = "FILE", description = "Instead of the table, draw each policy's "
            + "false-rollback rate against its median detection delay as its dial turns (alpha for ours, the "
            + "error-rate threshold for the others) into this PNG.")
    String curveFile;

    @Option(names = "--curve-healthy", paramLabel = "NAME", defaultValue = "bursty-healthy", description = "The "
            + "scenario whose false rollbacks the curve shows (default ${DEFAULT-VALUE}).")
    String curveHealthy;

    @Option(names = "--curve-bad", paramLabel = "NAME", defaultValue = "errors-2x", description = "The scenario "
            + "whose detection delay the curve shows (default ${DEFAULT-VALUE}).")
    String curveBad;

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
                // read as every configuration input is: UTF-8, within the size limit
                yaml = ConfigReader.readText(context.resolve(oursFile), oursFile);
            } catch (ConfigException e) {
                throw new UsageException("--ours: " + e.getMessage(), e);
            }
            policies.replaceAll(p -> p.name().equals("ours") ? new DetectionBench.Policy("ours", "from " + oursFile,
                    yaml, oursFile) : p);
        }
        policies.forEach(DetectionBench.Policy::parse);
        List<DetectionBench.Scenario> all = new ArrayList<>(DetectionBench.scenarios());
        List<DetectionBench.Scenario> fromFiles = new ArrayList<>();
        for (String file : scenarioFiles == null ? List.<String>of() : scenarioFiles) {
            String name = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (all.stream().anyMatch(s -> s.name().equals(name))) {
                throw new UsageException("--scenario-file " + file + ": a scenario is already named '" + name
                        + "'; rename the file");
            }
            DetectionBench.Scenario s = DetectionBench.fromFile(name, ConfigReader.read(context.resolve(file), file));
            all.add(s);
            fromFiles.add(s);
        }
        List<DetectionBench.Scenario> scenarios = scenarioNames == null || scenarioNames.isEmpty()
                ? (fromFiles.isEmpty() ? all : fromFiles)
                : DetectionBench.select(all, scenarioNames, DetectionBench.Scenario::name, "scenarios");
        DetectionBench bench = new DetectionBench(canarySteps());
        if (curveFile != null) {
            return curves(bench, policies, all, parallel);
        }
        boolean table = !"-".equals(jsonFile);
        if (table) {
            context.out().printf(Locale.ROOT, "detection: %d runs per policy and scenario from seed %d, steps %s, "
                    + "progress deadline %s%n", runs, seed, steps == null ? DetectionBench.DEFAULT_STEPS : steps,
                    Durations.format(DetectionBench.PROGRESS_DEADLINE));
            for (DetectionBench.Policy p : policies) {
                context.out().println("  " + p.name() + ": " + p.description());
            }
        }
        List<Callable<DetectionBench.Row>> work = new ArrayList<>();
        for (DetectionBench.Scenario s : scenarios) {
            for (DetectionBench.Policy p : policies) {
                work.add(() -> bench.measure(p, s, runs, seed));
            }
        }
        List<DetectionBench.Row> rows = inParallel(work, parallel);
        if (table) {
            print(rows);
        }
        List<Map<String, Object>> json = new ArrayList<>();
        for (DetectionBench.Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", r.policy());
            row.put("scenario", r.scenario());
            row.put("expect", r.expect());
            row.put("runs", r.runs());
            row.put("rollbacks", r.rollbacks());
            row.put("promoted", r.promoted());
            row.put("paused", r.paused());
            row.put("medianSeconds", r.medianSeconds());
            row.put("p95Seconds", r.p95Seconds());
            if (r.bad()) {
                row.put("missRate", r.missRate());
            } else {
                row.put("falseRollbackRate", r.falseRollbackRate());
            }
            json.add(row);
        }
        if (table) {
            ResultFiles.write(context, jsonFile, Map.of("rows", json));
        } else {
            context.out().println(ObjectMappers.json().writeValueAsString(Map.of("rows", json)));
        }
        return ExitCode.OK;
    }

    private static <T> List<T> inParallel(List<Callable<T>> work, int parallel) throws InterruptedException {
        List<T> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> w : work) {
                futures.add(pool.submit(w));
            }
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
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
        return results;
    }

    /** Every policy along its dial on the curve's two scenarios, into the PNG, with the figures on standard output. */
    private int curves(DetectionBench bench, List<DetectionBench.Policy> policies,
            List<DetectionBench.Scenario> all, int parallel) throws InterruptedException {
        DetectionBench.Scenario healthy = DetectionBench.select(all, List.of(curveHealthy),
                DetectionBench.Scenario::name, "curve-healthy").get(0);
        DetectionBench.Scenario bad = DetectionBench.select(all, List.of(curveBad), DetectionBench.Scenario::name,
                "curve-bad").get(0);
        if (healthy.bad() || !bad.bad()) {
            throw new UsageException("--curve-healthy must name a scenario that expects a promotion and --curve-bad "
                    + "one that expects a rollback (got " + healthy.name() + ": " + healthy.expect() + ", "
                    + bad.name() + ": " + bad.expect() + ")");
        }
        context.out().printf(Locale.ROOT, "detection curves: %d runs per point from seed %d; false rollbacks on %s, "
                + "median seconds to roll back %s (misses count as never)%n", runs, seed, healthy.name(), bad.name());
        List<DetectionCurveChart.Curve> curves = new ArrayList<>();
        for (DetectionBench.Policy policy : policies) {
            List<DetectionBench.Policy> dial = DetectionBench.dial(policy);
            List<Callable<double[]>> work = new ArrayList<>();
            for (DetectionBench.Policy variant : dial) {
                work.add(() -> {
                    DetectionBench.Row h = bench.measure(variant, healthy, runs, seed);
                    DetectionBench.Row b = bench.measure(variant, bad, runs, seed);
                    return new double[] {medianCountingMisses(b), h.falseRollbackRate()};
                });
            }
            List<double[]> figures = inParallel(work, parallel);
            List<DetectionCurveChart.Point> points = new ArrayList<>();
            for (int i = 0; i < dial.size(); i++) {
                double[] f = figures.get(i);
                points.add(new DetectionCurveChart.Point(dial.get(i).description(), f[0], f[1]));
                context.out().printf(Locale.ROOT, "  %-10s %-90s median %6s s  false rollbacks %5.1f %%%n",
                        policy.name(), dial.get(i).description(), Double.isFinite(f[0]) ? String.format(Locale.ROOT,
                                "%.0f", f[0]) : "never", f[1] * 100);
            }
            curves.add(new DetectionCurveChart.Curve(policy.name(), points));
        }
        try {
            DetectionCurveChart.write(context.resolve(curveFile), "Detection: false rollbacks against delay",
                    healthy.name(), bad.name(), curves);
        } catch (IOException e) {
            throw new UsageException("--curve: cannot write " + curveFile + ": " + e.getMessage(), e);
        }
        context.out().println("wrote " + curveFile);
        return ExitCode.OK;
    }

    /** The median over all runs, a run that was not rolled back counting as never (infinite). */
    private static double medianCountingMisses(DetectionBench.Row row) {
        return row.medianOfAllRuns() == null ? Double.POSITIVE_INFINITY : row.medianOfAllRuns();
    }

    private List<CanaryStep> canarySteps() {
        return SpecFields.canarySteps(steps == null ? DetectionBench.DEFAULT_STEPS : steps, "--steps");
    }

    private void print(List<DetectionBench.Row> rows) {
        context.out().println();
        context.out().printf(Locale.ROOT, "%-21s %-11s %6s %9s %9s %8s %9s %9s  %-24s %s%n", "scenario", "policy",
                "runs", "rollbacks", "promoted", "paused", "median s", "P95 s", "", "rolled back by");
        for (DetectionBench.Row r : rows) {
            String verdict = r.bad() ? String.format(Locale.ROOT, "missed %.1f %%", 100 * r.missRate())
                    : String.format(Locale.ROOT, "false rollbacks %.1f %%", 100 * r.falseRollbackRate());
            StringBuilder by = new StringBuilder();
            r.trippedBy().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> by.append(by.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(e.getValue()));
            context.out().printf(Locale.ROOT, "%-21s %-11s %6d %9d %9d %8d %9s %9s  %-24s %s%n", r.scenario(),
                    r.policy(), r.runs(), r.rollbacks(), r.promoted(), r.paused(), seconds(r.medianSeconds()),
                    seconds(r.p95Seconds()), verdict, by);
        }
    }

    private static String seconds(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.0f", s);
    }
}
