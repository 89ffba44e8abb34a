package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine as a real process under a step: its standard error reaches the build log while it runs, and a
 * {@code timeout:} stops it as Jenkins stops a step, with SIGTERM, after which the step says what the engine left.
 * The engine here is a stand-in script that handles SIGTERM as {@code cicd canary} does (rolls back, writes its
 * result, exits 1), so the step's side is tested with real signals.
 */
class EngineProcessTest extends PipelineTestBase {

    @BeforeEach
    void standInEngine() throws Exception {
        Path script = sandbox.resolve("stand-in-engine.sh");
        Files.copy(Path.of(getClass().getResource("/steps/stand-in-engine.sh").toURI()), script);
        // CICD_CLI is a command, split on spaces: an interpreter and a script work.
        env().put("CICD_CLI", "sh " + script);
    }

    @Test
    void theEnginesStandardErrorReachesTheLogWhileItRuns() throws Exception {
        Path gate = sandbox.resolve("promote-now");
        env().put("STAND_IN_GATE", gate.toString());
        CompletableFuture<Object> build = CompletableFuture.supplyAsync(() -> runPipeline("""
                return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause')
                """));
        await().atMost(Duration.ofMinutes(1)).until(() -> log.toString().contains("stand-in: canary weight 25 %"));
        assertThat(build).as("the rollout is still running").isNotDone();
        Files.createFile(gate);
        Map<?, ?> result = (Map<?, ?>) build.get(1, TimeUnit.MINUTES);
        assertThat(result.get("phase")).isEqualTo("Succeeded");
        assertThat(log).contains("stand-in: promoted").contains("canaryRollout: prod/shop Succeeded (shop:2) after 42 s");
    }

    @Test
    void onTimeoutTheEngineGetsSigtermRollsBackAndTheStepSaysSo() {
        assertThatThrownBy(() -> runPipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause', timeout: '3s')
                """)).hasMessageContaining("Timeout has been exceeded");
        assertThat(log).contains("Timeout set to expire in 3 seconds")
                // tee keeps the engine's last words after the signal
                .contains("stand-in: SIGTERM: rolled shop back to stable")
                .contains("canaryRollout: stopped by Jenkins: prod/shop RolledBack: interrupted by SIGTERM");
        assertThat(buildResult()).isEqualTo("ABORTED");
    }

    @Test
    void aGuardTooIsBoundByItsTimeout() {
        assertThatThrownBy(() -> runPipeline("""
                autoRollback(deployment: 'shop', namespace: 'prod', watch: '30m', timeout: '3s')
                """)).hasMessageContaining("Timeout has been exceeded");
        assertThat(log).contains("stand-in: SIGTERM").contains("autoRollback: stopped by Jenkins");
    }

    @Test
    void aTimeoutIsADuration() {
        assertThatThrownBy(() -> runPipeline("""
                canaryRollout(deployment: 'shop', image: 'shop:2', timeout: 45)
                """)).hasMessage("canaryRollout: timeout '45' is not a duration such as '90s', '45m' or '2h'");
        assertThatThrownBy(() -> runPipeline("""
                autoRollback(deployment: 'shop', reason: 'bad', timeout: '5m')
                """)).hasMessage("autoRollback: timeout goes with watch: a rollback now does not wait");
    }
}
