package io.cicdmanager.cli;

import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.gate.GateEvaluation;
import io.cicdmanager.gate.GatePolicyReader;
import io.cicdmanager.gate.GivenReports;
import io.cicdmanager.gate.LicensePolicy;
import io.cicdmanager.gate.Measurements;
import io.cicdmanager.gate.QualityGateRun;
import io.cicdmanager.gate.ReportKind;
import io.cicdmanager.gate.ReportReader;
import io.cicdmanager.gate.SyntheticReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
                delete(work);
            }
        }
    }

    private int run(Path work) throws IOException {
        var out = context.out();
        long t0 = context.clock().millis();
        SyntheticReports.JunitFile junit = SyntheticReports.junit(work.resolve("TEST-bench.xml"), junitMb);
        SyntheticReports.JacocoFile jacoco = SyntheticReports.jacoco(work.resolve("jacoco.xml"), jacocoMb);
        out.printf(Locale.ROOT, "generated %.1f MB JUnit XML (%d test cases) and %.1f MB JaCoCo XML in %s%n",
                junit.bytes() / MB, junit.tests().total(), jacoco.bytes() / MB, seconds(context.clock().millis() - t0));
        System.gc();
        resetPeaks();

        ReportReader reader = new ReportReader(LicensePolicy.none());
        long t1 = context.clock().millis();
        Measurements tests = reader.read(ReportKind.TESTS, junit.path(), "TEST-bench.xml").measurements();
        long t2 = context.clock().millis();
        Measurements coverage = reader.read(ReportKind.COVERAGE, jacoco.path(), "jacoco.xml").measurements();
        long t3 = context.clock().millis();
        GateEvaluation evaluation = new QualityGateRun(AuditLog.none(), context.clock(), "bench").run(
                GatePolicyReader.defaultPolicy(),
                List.of(new GivenReports.Request(ReportKind.TESTS, junit.path().toString()),
                        new GivenReports.Request(ReportKind.COVERAGE, jacoco.path().toString())),
                work, Optional.empty(), Optional.empty());
        long t4 = context.clock().millis();
        long peak = peakHeap();

        out.printf(Locale.ROOT, "JUnit XML   %8.1f MB in %s = %s%n", junit.bytes() / MB, seconds(t2 - t1),
                rate(junit.bytes(), t2 - t1));
        out.printf(Locale.ROOT, "JaCoCo XML  %8.1f MB in %s = %s%n", jacoco.bytes() / MB, seconds(t3 - t2),
                rate(jacoco.bytes(), t3 - t2));
        long both = junit.bytes() + jacoco.bytes();
        out.printf(Locale.ROOT, "gate run    %8.1f MB in %s = %s (both reports, default policy: %s)%n", both / MB,
                seconds(t4 - t3), rate(both, t4 - t3), evaluation.status());
        out.printf(Locale.ROOT, "peak heap   %8.1f MB (sum of heap pool peaks) of %.0f MB max heap%n", peak / MB,
                Runtime.getRuntime().maxMemory() / MB);
        boolean right = tests.equals(junit.tests()) && coverage.equals(jacoco.coverage());
        out.println(right ? "read back: the counts match what was generated"
                : "read back: MISMATCH: generated " + junit.tests() + " and " + jacoco.coverage() + ", read " + tests
                        + " and " + coverage);
        return right ? ExitCode.OK : ExitCode.FAILED;
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

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void delete(Path work) {
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
