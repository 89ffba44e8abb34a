package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated reports far larger than a fixture: the streaming parsers count exactly what was written. */
class LargeReportTest {
    @TempDir
    Path dir;

    @Test
    void aLargeJunitReportIsCountedCaseByCase() throws IOException {
        SyntheticReports.JunitFile junit = SyntheticReports.junit(dir.resolve("TEST-big.xml"), 12);
        assertThat(junit.bytes()).isGreaterThanOrEqualTo(12L * 1024 * 1024);
        assertThat(junit.tests().total()).isGreaterThan(100_000);
        assertThat(junit.tests().flaky()).isPositive();
        Measurements read = new ReportReader(LicensePolicy.none()).read(ReportKind.TESTS, junit.path(), "big")
                .measurements();
        assertThat(read).isEqualTo(junit.tests());
    }

    @Test
    void aLargeJacocoReportWithItsDoctypeIsSummedFromTheRootCounters() throws IOException {
        SyntheticReports.JacocoFile jacoco = SyntheticReports.jacoco(dir.resolve("jacoco.xml"), 6);
        Measurements read = new ReportReader(LicensePolicy.none()).read(ReportKind.COVERAGE, jacoco.path(), "big")
                .measurements();
        assertThat(read).isEqualTo(jacoco.coverage());
        assertThat(jacoco.coverage().lineTotal()).isGreaterThan(50_000);
    }
}
