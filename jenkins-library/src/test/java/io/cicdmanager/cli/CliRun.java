package io.cicdmanager.cli;

import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.SystemSleeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Runs {@code cicd} in-process for a test and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

    /** A fixed instant, so that anything a command stamps with the time is reproducible. */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    public static CliRun run(Path workingDir, String... args) {
        return run(workingDir, Map.of(), args);
    }

    public static CliRun run(Path workingDir, Map<String, String> env, String... args) {
        return run(workingDir, env, List.of(), args);
    }

    public static CliRun run(Path workingDir, Map<String, String> env, List<Class<?>> extraCommands, String... args) {
        Sleeper noSleep = d -> {
            throw new AssertionError("a command slept for " + d + " in a test without virtual time");
        };
        return run(workingDir, env, extraCommands, Clock.fixed(NOW, ZoneOffset.UTC), noSleep, args);
    }

    /** Runs with the clock a test moves, e.g. to deliver the same event again later. */
    public static CliRun runAt(Path workingDir, Clock clock, String... args) {
        Sleeper noSleep = d -> {
            throw new AssertionError("a command slept for " + d + " in a test without virtual time");
        };
        return run(workingDir, Map.of(), List.of(), clock, noSleep, args);
    }

    /** Runs on the wall clock: only for benchmarks, whose figures are real time. */
    public static CliRun runOnWallClock(Path workingDir, String... args) {
        return run(workingDir, Map.of(), List.of(), Clock.systemUTC(), new SystemSleeper(), args);
    }

    private static CliRun run(Path workingDir, Map<String, String> env, List<Class<?>> extraCommands, Clock clock,
            Sleeper sleeper, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(workingDir, env, new PrintWriter(out, true), new PrintWriter(err, true),
                clock, sleeper);
        int code = Cicd.execute(context, extraCommands, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
