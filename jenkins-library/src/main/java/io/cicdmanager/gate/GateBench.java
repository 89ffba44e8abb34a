package io.cicdmanager.gate;

import io.cicdmanager.audit.AuditLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The quality gate over large reports ({@code cicd bench gate}): generates a JUnit XML and a JaCoCo XML report of
 * the sizes asked for, reads each, runs the default gates over both, and measures the time of each step and the
 * heap's peak, which shows that a report's size costs time, not memory.
 */
public final class GateBench {
    private final Clock clock;

    public GateBench(Clock clock) {
        this.clock = clock;
    }

    /** What was generated and how reading it went; times in milliseconds. */
    public record Result(SyntheticReports.JunitFile junit, SyntheticReports.JacocoFile jacoco, long generateMillis,
            long junitMillis, long jacocoMillis, long gateMillis, long peakHeapBytes, String status,
            Measurements testsRead, Measurements coverageRead) {

        /** Whether the counts read back are the ones generated. */
        public boolean readBack() {
            return testsRead.equals(junit.tests()) && coverageRead.equals(jacoco.coverage());
        }
    }

    /** Generates the reports in {@code work} and measures reading them and the gate run over them. */
    public Result run(Path work, double junitMb, double jacocoMb) throws IOException {
        long t0 = clock.millis();
        SyntheticReports.JunitFile junit = SyntheticReports.junit(work.resolve("TEST-bench.xml"), junitMb);
        SyntheticReports.JacocoFile jacoco = SyntheticReports.jacoco(work.resolve("jacoco.xml"), jacocoMb);
        long generated = clock.millis() - t0;
        System.gc();
        resetPeaks();

        ReportReader reader = new ReportReader(LicensePolicy.none());
        long t1 = clock.millis();
        Measurements tests = reader.read(ReportKind.TESTS, junit.path(), "TEST-bench.xml").measurements();
        long t2 = clock.millis();
        Measurements coverage = reader.read(ReportKind.COVERAGE, jacoco.path(), "jacoco.xml").measurements();
        long t3 = clock.millis();
        GateEvaluation evaluation = new QualityGateRun(AuditLog.none(), clock, "bench").run(
                GatePolicyReader.defaultPolicy(),
                List.of(new GivenReports.Request(ReportKind.TESTS, junit.path().toString()),
                        new GivenReports.Request(ReportKind.COVERAGE, jacoco.path().toString())),
                work, Optional.empty(), Optional.empty());
        long t4 = clock.millis();
        return new Result(junit, jacoco, generated, t2 - t1, t3 - t2, t4 - t3, peakHeap(),
                String.valueOf(evaluation.status()), tests, coverage);
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
}
