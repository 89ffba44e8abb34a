package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONNull;
import org.junit.jupiter.api.Test;

/**
 * Pins what the step tests rely on, where the harness must behave as Jenkins does: the library loads, sh is a real
 * shell with the agent's cicd, readJSON is json-lib's, the program is serialised at every step, parallel branches
 * run at once, and timeout stops a running shell with SIGTERM.
 */
@SuppressWarnings("unchecked")
class PipelineHarnessTest extends PipelineTestBase {

    @Test
    void shRunsTheEngineOnTheAgentsPath() {
        Object version = runPipeline("""
                return sh(script: 'cicd --version', returnStdout: true)
                """);
        assertThat(version.toString()).startsWith("cicd ");
        assertThat(log).as("sh -x traces the command, as on Jenkins").contains("+ cicd --version");
    }

    @Test
    void shIsARealShell() throws Exception {
        Files.writeString(workspaceFile("hello.txt"), "hi");
        Object out = runPipeline("""
                withEnv(['GREETING=hello']) {
                    return sh(script: 'cat hello.txt; printf " %s|" "$GREETING" | tr a-z A-Z; echo; echo to-log >&2',
                            returnStdout: true)
                }
                """);
        assertThat(out.toString()).isEqualTo("hi HELLO|\n");
        assertThat(log).contains("to-log");
        assertThat(env()).doesNotContainKey("GREETING");
    }

    @Test
    void engineRunsGetTheShellsQuotingDirectoryAndEnvironment() throws Exception {
        Object out = runPipeline("""
                sh 'mkdir -p sub'
                dir('sub') {
                    withEnv(['CICD_ACTOR=it\\'s me']) {
                        sh "cicd no-such-command \\"it's quoted\\" 2> err.txt || true"
                    }
                }
                return readFile('sub/err.txt')
                """);
        assertThat(out.toString()).contains("no-such-command").contains("cicd --help");
    }

    @Test
    void readJsonIsJsonLibAsInJenkinsWhereNullIsJsonNullUnlessReturnPojo() {
        Object result = runPipeline("""
                def lib = readJSON(text: '{"deployment": null, "n": 1}')
                def pojo = readJSON(text: '{"deployment": null}', returnPojo: true)
                return [lib.deployment, lib.deployment ? 'truthy' : 'falsy', pojo.deployment, pojo.containsKey('deployment')]
                """);
        List<?> values = (List<?>) result;
        assertThat(values.get(0)).isInstanceOf(JSONNull.class);
        assertThat(values.get(1)).as("JSONNull is true in Groovy, as on Jenkins").isEqualTo("truthy");
        assertThat(values.get(2)).isNull();
        assertThat(values.get(3)).isEqualTo(true);
    }

    @Test
    void readYamlIsSnakeYaml() {
        Object result = runPipeline("""
                return [readYaml(text: 'a: 1\\nb: [x, y]'), readYaml(text: 'a: 1\\n---\\na: 2')]
                """);
        List<?> values = (List<?>) result;
        assertThat((Map<Object, Object>) values.get(0)).containsEntry("a", 1).containsEntry("b", List.of("x", "y"));
        assertThat((List<?>) values.get(1)).hasSize(2);
    }

    @Test
    void theProgramIsSerialisedAtEveryStepAsUnderCps() {
        assertThatThrownBy(() -> runPipeline("""
                def body = {
                    def matcher = 'abc' =~ /b/
                    sh 'true'
                    return matcher.find()
                }
                return withEnv([]) { body() }
                """)).hasStackTraceContaining("NotSerializableException");
    }

    @Test
    void errorAbortsAndAFailingShFailsTheBuild() {
        assertThatThrownBy(() -> runPipeline("error 'no'")).isInstanceOf(PipelineError.class).hasMessage("no");
        assertThat(buildResult()).isEqualTo("FAILURE");
        assertThatThrownBy(() -> runPipeline("sh 'exit 3'")).hasMessage("script returned exit code 3");
        Object caught = runPipeline("""
                try { error('caught') } catch (e) { return 'went on' }
                """);
        assertThat(caught).isEqualTo("went on");
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
    void parallelBranchesRunAtOnceAndKeepTheirOwnEnvironment() {
        // Each branch waits for a file the other writes: branches run one after the other would never finish.
        Object result = runPipeline("""
                def seen = [:]
                parallel(
                    left: {
                        withEnv(['SIDE=left']) {
                            sh 'touch left.ready'
                            waitUntil(quiet: true) { fileExists('right.ready') }
                            seen.left = sh(script: 'echo $SIDE', returnStdout: true).trim()
                        }
                    },
                    right: {
                        withEnv(['SIDE=right']) {
                            waitUntil(quiet: true) { fileExists('left.ready') }
                            sh 'touch right.ready'
                            seen.right = sh(script: 'echo $SIDE', returnStdout: true).trim()
                        }
                    })
                return seen
                """);
        assertThat((Map<Object, Object>) result).containsEntry("left", "left").containsEntry("right", "right");
    }

    @Test
    void failFastStopsTheOtherBranchesRunningStep() {
        assertThatThrownBy(() -> runPipeline("""
                parallel(failFast: true,
                    slow: { sh 'trap "echo slow got TERM; exit 143" TERM; touch started; while :; do sleep 0.1; done' },
                    failing: {
                        waitUntil(quiet: true) { fileExists('started') }
                        error('broken')
                    })
                """)).hasMessage("broken");
        assertThat(log).contains("slow got TERM").contains("Failed in branch failing");
    }

    @Test
    void timeoutSendsSigtermToTheRunningShellAndAbortsTheBuild() {
        assertThatThrownBy(() -> runPipeline("""
                timeout(time: 1, unit: 'SECONDS') {
                    sh 'trap "echo got TERM; exit 143" TERM; while :; do sleep 0.1; done'
                }
                """)).hasMessageContaining("Timeout has been exceeded");
        assertThat(log).contains("got TERM");
        assertThat(buildResult()).isEqualTo("ABORTED");
    }

    @Test
    void anInputIsAnsweredByAPersonWhoseNameTheStepGets() {
        inputAnswers = request -> InputRequest.Answer.proceed("alice", Map.of("decision", "Abort"));
        Object answer = runPipeline("""
                return input(message: 'Go?', ok: 'Submit', submitterParameter: 'approver',
                        parameters: [choice(name: 'decision', choices: ['Promote', 'Abort'])])
                """);
        assertThat((Map<Object, Object>) answer).containsEntry("decision", "Abort").containsEntry("approver", "alice");
        inputAnswers = request -> InputRequest.Answer.abort("bob");
        assertThatThrownBy(() -> runPipeline("input 'Go?'")).hasMessageContaining("Rejected by bob");
        assertThat(buildResult()).isEqualTo("ABORTED");
    }
}
