package io.cicdmanager.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
    }

    @Test
    void aGlobMatchesSurefireFilesAcrossModulesInOrder() throws IOException {
        touch("b/target/surefire-reports/TEST-b.xml");
        touch("a/target/surefire-reports/TEST-a2.xml");
        touch("a/target/surefire-reports/TEST-a1.xml");
        touch("a/target/surefire-reports/a1.txt");
        touch("a/deep/target/surefire-reports/TEST-deep.xml");
        assertThat(ReportFiles.expand(dir, "*/target/surefire-reports/TEST-*.xml")).extracting(ReportFiles.Match::name)
                .containsExactly("a/target/surefire-reports/TEST-a1.xml", "a/target/surefire-reports/TEST-a2.xml",
                        "b/target/surefire-reports/TEST-b.xml");
        assertThat(ReportFiles.expand(dir, "a/**/TEST-*.xml")).extracting(ReportFiles.Match::name)
                .containsExactly("a/deep/target/surefire-reports/TEST-deep.xml",
                        "a/target/surefire-reports/TEST-a1.xml", "a/target/surefire-reports/TEST-a2.xml");
        assertThat(ReportFiles.expand(dir, dir + "/b/target/*/TEST-?.xml")).singleElement()
                .satisfies(m -> assertThat(m.path()).isEqualTo(dir.resolve("b/target/surefire-reports/TEST-b.xml")));
    }

    @Test
    void aPlainPathIsKeptAsGivenAndANonExistentBaseMatchesNothing() {
        assertThat(ReportFiles.expand(dir, "x/y.xml")).singleElement()
                .satisfies(m -> assertThat(m.name()).isEqualTo("x/y.xml"));
        assertThat(ReportFiles.expand(dir, "nowhere/*.xml")).isEmpty();
        assertThat(ReportFiles.isGlob("a/{b,c}.xml")).isTrue();
        assertThat(ReportFiles.isGlob("a/b.xml")).isFalse();
    }

    @Test
    void filesOutsideTheWorkingDirectoryKeepTheirAbsoluteName() throws IOException {
        touch("elsewhere/r.xml");
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(ReportFiles.expand(work, dir.resolve("elsewhere") + "/*.xml")).singleElement()
                .satisfies(m -> assertThat(m.name()).isEqualTo(dir.resolve("elsewhere/r.xml").toString()));
        assertThat(ReportFiles.expand(work, "/*.nothing-here-" + System.nanoTime())).isEmpty();
    }
}
