package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins what the step tests rely on: the library loads, sh runs the real CLI, error aborts, quoting holds. */
class PipelineHarnessTest extends PipelineTestBase {

    @Test
    void shRunsTheRealCliInProcess() {
        Object version = runPipeline("""
                return sh(script: 'cicd --version', returnStdout: true)
                """);
        assertThat(version.toString()).startsWith("cicd ");
    }

    @Test
    void aFailingCliCallReturnsItsExitCodeAndKeepsStandardError() throws Exception {
        Object result = runPipeline("""
                import io.cicdmanager.jenkins.CicdCli
                int code = CicdCli.run(this, ['no-such-command', "it's quoted"], '.cicd/err.txt')
                return [code: code, message: CicdCli.errorMessage(this, code, '.cicd/err.txt')]
                """);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("code")).isEqualTo(2);
        assertThat(map.get("message").toString()).contains("no-such-command");
        assertThat(Files.readString(workspaceFile(".cicd/err.txt"))).contains("cicd --help");
        assertThat(shScripts).singleElement().asString()
                .isEqualTo("cicd 'no-such-command' 'it'\"'\"'s quoted' 2> '.cicd/err.txt'");
    }

    @Test
    void theCliCanBeConfiguredThroughTheEnvironment() {
        env().put("CICD_CLI", "/opt/cicd/bin/cicd");
        Object version = runPipeline("""
                return sh(script: "${env.CICD_CLI} --version", returnStdout: true)
                """);
        assertThat(version.toString()).startsWith("cicd ");
    }

    @Test
    void unknownArgumentsAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> runPipeline("""
                import io.cicdmanager.jenkins.CicdCli
                CicdCli.checkArguments(this, 'qualityGate', [reprots: 'x', policy: 'p'], ['reports', 'policy', 'baseline'])
                """))
                .isInstanceOf(PipelineError.class)
                .hasMessage("qualityGate: unknown argument reprots; known arguments: baseline, policy, reports");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    void missingRequiredArgumentsAreNamed() {
        assertThatThrownBy(() -> runPipeline("""
                import io.cicdmanager.jenkins.CicdCli
                CicdCli.checkArguments(this, 'canaryRollout', [image: ''], ['name', 'image'], ['name', 'image'])
                """))
                .hasMessage("canaryRollout: missing required arguments name, image");
    }

    @Test
    void otherCommandsRunInARealShellInTheWorkspace() throws Exception {
        Files.writeString(workspaceFile("hello.txt"), "hi");
        Object out = runPipeline("""
                withEnv(['GREETING=hello']) {
                    return sh(script: 'cat hello.txt; echo " $GREETING"', returnStdout: true)
                }
                """);
        assertThat(out.toString()).isEqualTo("hi hello\n");
        assertThat(env()).doesNotContainKey("GREETING");
    }

    @Test
    void credentialsAreBoundAsEnvironmentVariablesOnlyInsideTheBlock() {
        credentials.put("prom-token", "s3cret");
        Object out = runPipeline("""
                withCredentials([string(credentialsId: 'prom-token', variable: 'PROMETHEUS_TOKEN')]) {
                    return sh(script: 'printf %s "$PROMETHEUS_TOKEN" | wc -c', returnStdout: true).trim()
                }
                """);
        assertThat(out).isEqualTo("6");
        assertThat(env()).doesNotContainKey("PROMETHEUS_TOKEN");
    }

    @Test
    void aNonZeroShWithoutReturnStatusFailsTheBuild() {
        assertThatThrownBy(() -> runPipeline("sh 'exit 3'"))
                .isInstanceOf(PipelineError.class)
                .hasMessage("script returned exit code 3");
    }

    @Test
    void shellWordsFollowPosixQuoting() {
        ShellWords words = ShellWords.parse("cicd gate --report 'tests=a b/*.xml' \"x\\\"y\" $HOME ${X}z 2> e.txt > o.txt",
                Map.of("HOME", "/h", "X", "1"));
        assertThat(words.words()).containsExactly("cicd", "gate", "--report", "tests=a b/*.xml", "x\"y", "/h", "1z");
        assertThat(words.stderrFile()).isEqualTo("e.txt");
        assertThat(words.stdoutFile()).isEqualTo("o.txt");
        assertThatThrownBy(() -> ShellWords.parse("cicd a | tee x", Map.of())).hasMessageContaining("simple commands");
        assertThatThrownBy(() -> ShellWords.parse("cicd 'open", Map.of())).hasMessageContaining("unterminated");
    }
}
