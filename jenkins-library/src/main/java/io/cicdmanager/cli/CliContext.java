package io.cicdmanager.cli;

import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.SystemSleeper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command takes from the world outside its arguments: where relative paths start, the environment,
 * where output goes, and time. A Jenkins step test runs commands in-process with its own context; {@link #system()}
 * is the one place the real clock and sleeper are chosen.
 */
public record CliContext(Path workingDir, Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock,
        Sleeper sleeper) {

    public CliContext {
        workingDir = workingDir.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** The process's own directory, environment, standard streams and the system clock. */
    public static CliContext system() {
        return new CliContext(Path.of(""), System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), new SystemSleeper());
    }

    /** A path given on the command line, resolved against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }

    public Optional<String> getenv(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    /** The same context writing to other streams; used to capture a command's output. */
    public CliContext withOutput(PrintWriter newOut, PrintWriter newErr) {
        return new CliContext(workingDir, env, newOut, newErr, clock, sleeper);
    }

    /** The same context with these variables set (or replaced) in its environment. */
    public CliContext withEnv(Map<String, String> variables) {
        Map<String, String> next = new HashMap<>(env);
        next.putAll(variables);
        return new CliContext(workingDir, next, out, err, clock, sleeper);
    }

    /** The same context on another clock (the demo's time), sleeping on the same sleeper. */
    public CliContext withClock(Clock newClock) {
        return new CliContext(workingDir, env, out, err, newClock, sleeper);
    }
}
