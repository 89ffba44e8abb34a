package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's manual pages: one per command and subcommand, each with its options described. */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandGetsAManualPageWithItsOptions() throws Exception {
        ManPages.main(new String[] {dir.toString()});
        assertThat(dir.resolve("cicd.adoc")).exists();
        for (String page : new String[] {"cicd-gate", "cicd-canary", "cicd-status", "cicd-demo", "cicd-serve",
            "cicd-dora-record-deployment", "cicd-dora-report", "cicd-bench-ssh", "cicd-completion"}) {
            assertThat(dir.resolve(page + ".adoc")).as(page).exists();
        }
        String gate = Files.readString(dir.resolve("cicd-gate.adoc"));
        assertThat(gate).contains(":doctype: manpage", "= cicd-gate(1)", "*--report*=_KIND=PATH_", "Exit codes");
        String deployment = Files.readString(dir.resolve("cicd-dora-record-deployment.adoc"));
        assertThat(deployment).contains("*--started*=_ISO_", "When the deployment started");
    }
}
