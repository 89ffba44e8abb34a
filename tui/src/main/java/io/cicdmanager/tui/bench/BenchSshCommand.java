package io.cicdmanager.tui.bench;

import io.cicdmanager.UsageException;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.cli.ScratchDirectory;
import io.cicdmanager.cli.SubcommandOf;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.rollout.AbortLatencyBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cicd bench ssh}: the terminal's two figures over real SSH sessions: a keypress to traffic on stable, and a
 * record's change reaching fifty screens at once, with the server's CPU and memory.
 */
@SubcommandOf("bench")
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"Measures the console over SSH (Apache MINA's client, in this process): the abort keypress to "
            + "100 %% of traffic on stable with the real engine, and a change to a record reaching every one of many "
            + "sessions' screens, with the SSH server's CPU and heap."})
public final class BenchSshCommand implements Callable<Integer> {
    /** Which figures to measure. */
    enum Part { ALL, KEYPRESS, FANOUT }

    private final CliContext context;

    @Option(names = "--aborts", defaultValue = "50", description = "Aborts to time (default ${DEFAULT-VALUE}).")
    int aborts;

    @Option(names = "--sessions", defaultValue = "50", description = "SSH sessions watching (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--rollouts", defaultValue = "200", description = "Rollouts they watch (default ${DEFAULT-VALUE}).")
    int rollouts;

    @Option(names = "--changes", defaultValue = "40",
            description = "Changes to time on every screen (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--only", paramLabel = "PART", description = "keypress or fanout (default: both).")
    Part only = Part.ALL;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    String jsonFile;

    BenchSshCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        for (Map.Entry<String, Integer> e : Map.of("--aborts", aborts, "--sessions", sessions, "--rollouts", rollouts,
                "--changes", changes).entrySet()) {
            if (e.getValue() < 1) {
                throw new UsageException(e.getKey() + " must be at least 1");
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        try (ScratchDirectory dir = ScratchDirectory.create("cicd-bench-ssh-")) {
            if (only != Part.FANOUT) {
                keypress(dir.path().resolve("keypress"), json);
            }
            if (only != Part.KEYPRESS) {
                fanOut(dir.path().resolve("fanout"), json);
            }
        }
        if (jsonFile != null) {
            Files.writeString(context.resolve(jsonFile), ObjectMappers.json().writeValueAsString(json));
        }
        return ExitCode.OK;
    }

    private void keypress(Path dir, Map<String, Object> json) throws Exception {
        Files.createDirectories(dir);
        println("keypress over SSH -> traffic 100 % on stable: " + aborts + " aborts of an Istio canary at 50 %, "
                + "typed into the console over SSH");
        KeypressToStableBench.Result r;
        try (BenchServer server = new BenchServer(context, dir, KeypressToStableBench.NAMESPACE, 5)) {
            r = KeypressToStableBench.run(server, aborts, this::println);
        }
        AbortLatencyBench.Result stable = new AbortLatencyBench.Result(r.toStable());
        AbortLatencyBench.Result acked = new AbortLatencyBench.Result(r.toAcknowledged());
        println(String.format(Locale.ROOT, "enter -> 100 %% on stable: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                + "(target p99 <= 1000 ms)", stable.percentile(50), stable.percentile(99), stable.percentile(100)));
        println(String.format(Locale.ROOT, "enter -> the engine's acknowledgement on the operator's screen: p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms", acked.percentile(50), acked.percentile(99), acked.percentile(100)));
        json.put("keypressToStable", figures(stable, aborts));
        json.put("keypressToAcknowledged", figures(acked, aborts));
    }

    private void fanOut(Path dir, Map<String, Object> json) throws Exception {
        Files.createDirectories(dir);
        println("fan-out: " + sessions + " SSH sessions watching " + rollouts + " rollouts; " + changes
                + " changes to one record");
        FanOutBench.Result r;
        try (BenchServer server = new BenchServer(context, dir, FanOutBench.NAMESPACE, sessions + 5)) {
            r = FanOutBench.run(server, sessions, rollouts, changes, context.sleeper(), this::println);
        }
        AbortLatencyBench.Result seen = new AbortLatencyBench.Result(r.millis());
        double cpuShare = 100.0 * r.serverCpuNanos() / r.wallNanos();
        double mb = 1024.0 * 1024.0;
        println(String.format(Locale.ROOT, "change -> on every screen: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d "
                + "screen updates (target p99 <= 200 ms)", seen.percentile(50), seen.percentile(99),
                seen.percentile(100), r.millis().length));
        println(String.format(Locale.ROOT, "server CPU: %.1f %% of one core over %.1f s (SSH server, consoles, "
                + "board feed; not the benchmark's clients or the API server)", cpuShare, r.wallNanos() / 1e9));
        println(String.format(Locale.ROOT, "heap after GC: %.1f MB before the sessions, %.1f MB with %d sessions "
                + "(%.0f KB each, the benchmark's client side included)", r.heapBefore() / mb,
                r.heapWithSessions() / mb, r.sessions(), (r.heapWithSessions() - r.heapBefore()) / 1024.0
                        / r.sessions()));
        Map<String, Object> f = figures(seen, r.millis().length);
        f.put("sessions", r.sessions());
        f.put("rollouts", rollouts);
        f.put("serverCpuPercentOfOneCore", cpuShare);
        f.put("heapBeforeBytes", r.heapBefore());
        f.put("heapWithSessionsBytes", r.heapWithSessions());
        json.put("fanOut", f);
    }

    private static Map<String, Object> figures(AbortLatencyBench.Result r, int samples) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("samples", samples);
        f.put("p50Millis", r.percentile(50));
        f.put("p99Millis", r.percentile(99));
        f.put("maxMillis", r.percentile(100));
        return f;
    }

    private void println(String line) {
        context.out().println(line);
        context.out().flush();
    }
}
