package io.cicdmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A test skipped for a missing program says why on the console, not only in Surefire's XML. */
class SkipReasonsTest {

    /** Stands for an integration test on a machine without its program; run only through the launcher below. */
    static final class WithoutPrometheus {
        @Test
        void queriesPrometheus() {
            Assumptions.abort("prometheus is not on the PATH; .ci/run installs it from Debian's packages");
        }
    }

    @Test
    void theReasonForASkipIsPrintedWithTheTestsName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Without the listeners the services file registers: this made-up skip is not the build's to report.
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(WithoutPrometheus.class)).build(),
                new SkipReasons(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[SKIPPED] SkipReasonsTest$WithoutPrometheus"
                + ".queriesPrometheus(): prometheus is not on the PATH; .ci/run installs it from Debian's packages");
    }

    @Test
    void itIsRegisteredForEveryTestRun() throws Exception {
        try (var in = SkipReasonsTest.class.getResourceAsStream(
                "/META-INF/services/org.junit.platform.launcher.TestExecutionListener")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(SkipReasons.class.getName());
        }
    }
}
