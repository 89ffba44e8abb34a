package io.cicdmanager.rollout;

import io.cicdmanager.kube.InProcessApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs many {@link ChaosRun}s and counts what they injected and what they found: the figure behind the claim that
 * the engine holds its safety invariants under faults, kills and racing operators. Run {@code i} of seed {@code S}
 * uses seed {@code S + i}, so a violation's seed replays it alone: {@code --runs 1 --seed} that seed.
 */
public final class ChaosBench {
    /** How many runs share one API server before a fresh one, so that its store stays small. */
    private static final int RUNS_PER_SERVER = 20;

    /** A broken invariant, with the run and the seed that replays it. */
    public record Violation(int run, long seed, String invariant, String at, String detail) {
    }

    /** What the runs injected and found, as {@code cicd bench chaos --json} writes it. */
    public record Report(int runs, long seed, int engineKills, int apiFaults, int commands,
            Map<String, Integer> outcomes, List<Violation> violations) {
    }

    /** Runs {@code runs} rollouts from {@code seed}; {@code progress} hears one line per run. */
    public Report run(int runs, long seed, Consumer<String> progress) throws InterruptedException {
        return run(runs, seed, progress, false);
    }

    /** With {@code trace}, each run's spec, world and audit trail follow its line: what a replayed violation needs. */
    public Report run(int runs, long seed, Consumer<String> progress, boolean trace) throws InterruptedException {
        int kills = 0;
        int faults = 0;
        int commands = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Violation> violations = new ArrayList<>();
        InProcessApiServer server = null;
        try {
            for (int i = 0; i < runs; i++) {
                if (i % RUNS_PER_SERVER == 0) {
                    if (server != null) {
                        server.close();
                    }
                    server = new InProcessApiServer();
                }
                long runSeed = seed + i;
                ChaosRun.Result r = new ChaosRun(server, runSeed, "chaos-" + i).execute();
                kills += r.kills();
                faults += r.faults();
                commands += r.commands();
                outcomes.merge(r.outcome(), 1, Integer::sum);
                for (InvariantChecker.Broken b : r.broken()) {
                    Violation v = new Violation(i, runSeed, b.invariant(), "+" + java.time.Duration.between(ChaosRun.T0,
                            b.at()).toSeconds() + "s", b.detail());
                    violations.add(v);
                    progress.accept("VIOLATION " + v.invariant() + " in run " + i + " at " + v.at() + ": " + v.detail()
                            + " (replay: cicd bench chaos --runs 1 --seed " + runSeed + ")");
                }
                progress.accept("run " + i + " (seed " + runSeed + "): " + r.story());
                if (trace) {
                    r.trace().forEach(line -> progress.accept("  " + line));
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        return new Report(runs, seed, kills, faults, commands, outcomes, violations);
    }
}
