package io.cicdmanager.cli;

import io.cicdmanager.gate.GateBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cicd bench gate}: generates a large JUnit XML and JaCoCo XML report, runs the quality gate over them, and
 * prints throughput and peak heap. Run it with a small heap ({@code CICD_JAVA_OPTS=-Xmx64m}) to show that report
 * size costs time, not memory.
 */
@Command(name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Generates a JUnit XML and a JaCoCo XML report, evaluates the default gates over them and prints MB/s and"
                + " peak heap.",
            "Example: CICD_JAVA_OPTS=-Xmx64m bin/cicd bench gate"
        })
final class BenchGateCommand implements Callable<Integer> {
    private static final double MB = 1024.0 * 1024.0;

    private final CliContext context;

    @Option(names = "--junit-mb", paramLabel = "MB", defaultValue = "500",
            description = "Size of the generated JUnit XML (default: ${DEFAULT-VALUE}).")
    double junitMb;

    @Option(names = "--jacoco-mb", paramLabel = "MB", defaultValue = "200",
            description = "Size of the generated JaCoCo XML (default: ${DEFAULT-VALUE}).")
    double jacocoMb;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to write the reports (default: a new temporary directory, removed afterwards).")
    String dir;

    BenchGateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (junitMb <= 0 || jacocoMb <= 0) {
            throw new io.cicdmanager.UsageException("--junit-mb and --jacoco-mb must be more than 0");
        }
        Path work = dir == null ? Files.createTempDirectory("cicd-bench-gate") : context.resolve(dir);
        Files.createDirectories(work);
        try {
            return run(work);
        } finally {
            if (dir == null) {
                ScratchDirectory.delete(work);
            }
        }
    }

    private int run(Path work) throws IOException {
        var out = context.out();
        GateBench.Result r = new GateBench(context.clock()).run(work, junitMb, jacocoMb);
        out.printf(Locale.ROOT, "generated %.1f MB JUnit XML (%d test cases) and %.1f MB JaCoCo XML in %s%n",
                r.junit().bytes() / MB, r.junit().tests().total(), r.jacoco().bytes() / MB,
                seconds(r.generateMillis()));
        out.printf(Locale.ROOT, "JUnit XML   %8.1f MB in %s = %s%n", r.junit().bytes() / MB, seconds(r.junitMillis()),
                rate(r.junit().bytes(), r.junitMillis()));
        out.printf(Locale.ROOT, "JaCoCo XML  %8.1f MB in %s = %s%n", r.jacoco().bytes() / MB,
                seconds(r.jacocoMillis()), rate(r.jacoco().bytes(), r.jacocoMillis()));
        long both = r.junit().bytes() + r.jacoco().bytes();
        out.printf(Locale.ROOT, "gate run    %8.1f MB in %s = %s (both reports, default policy: %s)%n", both / MB,
                seconds(r.gateMillis()), rate(both, r.gateMillis()), r.status());
        out.printf(Locale.ROOT, "peak heap   %8.1f MB (sum of heap pool peaks) of %.0f MB max heap%n",
                r.peakHeapBytes() / MB, Runtime.getRuntime().maxMemory() / MB);
        out.println(r.readBack() ? "read back: the counts match what was generated"
                : "read back: MISMATCH: generated " + r.junit().tests() + " and " + r.jacoco().coverage() + ", read "
                        + r.testsRead() + " and " + r.coverageRead());
        return r.readBack() ? ExitCode.OK : ExitCode.FAILED;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    private static String rate(long bytes, long millis) {
        if (millis <= 0) {
            return "(too fast to time)";
        }
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / MB / (millis / 1000.0));
    }

}
