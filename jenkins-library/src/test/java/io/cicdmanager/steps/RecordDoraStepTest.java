package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.JdbcDoraStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** recordDora through the pipeline harness: real git in the workspace, the real CLI, a real SQLite store. */
class RecordDoraStepTest extends PipelineTestBase {
    private static final String FIRST_BUILD = "https://jenkins.example/job/app/1/#checkout@prod";

    private GitRepository repository;
    /** The in-process CLI's clock: a test moves it to deliver again later, as a retried post section does. */
    private Instant now = NOW;

    @Override
    protected java.time.Clock clock() {
        return java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
    }

    private String git(String... args) throws IOException, InterruptedException {
        return repository.git(args);
    }

    private String commit(String message, String date) throws IOException, InterruptedException {
        return repository.commit(message, date);
    }

    @BeforeEach
    void repositoryAndStore() throws Exception {
        repository = new GitRepository(workspace);
        git("init", "-q");
        commit("first", "2026-11-26T09:00:00Z");
        commit("second", "2026-11-26T10:00:00Z");
        env().put("CICD_DORA_DB", "dora.db");
        currentBuild("SUCCESS");
    }

    private void currentBuild(String result) {
        getBinding().setVariable("currentBuild", new java.util.HashMap<>(Map.of("result", result,
                "currentResult", result)));
    }

    private DoraStore store() {
        return JdbcDoraStore.open(DoraDatabase.sqlite(workspace.resolve("dora.db")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void aFirstDeploymentShipsHeadAndPrintsTheKeys() throws Exception {
        String head = git("rev-parse", "HEAD");
        Map<String, Object> result = map(runPipeline("""
                return recordDora(service: 'checkout', environment: 'prod', team: 'payments')
                """));
        assertThat(result.get("outcome")).isEqualTo("recorded");
        assertThat(result.get("commits")).isEqualTo(1);
        Map<String, Object> leadTime = map(map(result.get("keys")).get("leadTime"));
        assertThat(((Number) leadTime.get("medianHours")).doubleValue()).isEqualTo(2.0);
        assertThat(leadTime.get("tier")).isEqualTo("elite");
        assertThat(log).contains("recorded deployment " + FIRST_BUILD).contains("lead time for changes")
                .contains("failed deployment recovery");
        try (DoraStore store = store()) {
            Deployment d = store.deployment(FIRST_BUILD).orElseThrow();
            assertThat(d.commitSha()).isEqualTo(head);
            assertThat(d.version()).isEqualTo(head.substring(0, 12));
            assertThat(d.team()).isEqualTo("payments");
            assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(d.commitTimes()).containsExactly(Instant.parse("2026-11-26T10:00:00Z"));
            assertThat(d.finished()).isEqualTo(NOW);
            assertThat(d.pipelineUrl()).isEqualTo("https://jenkins.example/job/app/1/");
        }
    }

    @Test
    void theNextDeploymentShipsTheCommitsSinceTheLastOne() throws Exception {
        String second = git("rev-parse", "HEAD");
        runPipeline("recordDora(service: 'checkout', environment: 'prod')");
        commit("third", "2026-11-26T12:00:00+01:00");
        String fourth = commit("fourth", "2026-11-26T11:30:00Z");
        env().put("BUILD_URL", "https://jenkins.example/job/app/2/");
        env().put("BUILD_USER_ID", "alice");

        Map<String, Object> result = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(result.get("commits")).isEqualTo(2);
        assertThat(shScripts).contains("git log --format='%H %cI' --end-of-options '" + second + ".." + fourth + "'");
        Map<String, Object> leadTime = map(map(result.get("keys")).get("leadTime"));
        // lead times 2 h (first build), 1 h and 30 min
        assertThat(leadTime.get("changes")).isEqualTo(3);
        assertThat(((Number) leadTime.get("medianHours")).doubleValue()).isEqualTo(1.0);
        try (DoraStore store = store()) {
            Deployment d = store.deployment("https://jenkins.example/job/app/2/#checkout@prod").orElseThrow();
            assertThat(d.commitTimes()).containsExactly(Instant.parse("2026-11-26T11:00:00Z"),
                    Instant.parse("2026-11-26T11:30:00Z"));
            assertThat(d.by()).isEqualTo("alice");
        }
    }

    @Test
    void aFailedBuildIsAFailedDeploymentAndTheNextRangeStartsFromTheLastSuccess() throws Exception {
        String second = git("rev-parse", "HEAD");
        runPipeline("recordDora(service: 'checkout', environment: 'prod')");
        String third = commit("third", "2026-11-26T11:00:00Z");
        env().put("BUILD_URL", "https://jenkins.example/job/app/2/");
        currentBuild("FAILURE");
        Map<String, Object> failed = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        Map<String, Object> failureRate = map(map(failed.get("keys")).get("changeFailureRate"));
        assertThat(((Number) failureRate.get("percent")).doubleValue()).isEqualTo(50.0);

        env().put("BUILD_URL", "https://jenkins.example/job/app/3/");
        currentBuild("UNSTABLE");
        Map<String, Object> fixed = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        // the failed deployment shipped nothing: the range starts from the last successful one
        assertThat(shScripts).contains("git log --format='%H %cI' --end-of-options '" + second + ".." + third + "'");
        assertThat(fixed.get("commits")).isEqualTo(1);
        try (DoraStore store = store()) {
            assertThat(store.deployment("https://jenkins.example/job/app/2/#checkout@prod").orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILURE);
            assertThat(store.deployment("https://jenkins.example/job/app/3/#checkout@prod").orElseThrow().status())
                    .isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    @Test
    void recordingTheSameBuildAgainChangesNothingAndOtherContentIsReported() {
        runPipeline("recordDora(service: 'checkout', environment: 'prod')");
        Map<String, Object> again = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(again.get("outcome")).isEqualTo("recorded");
        assertThat(log).contains("was already recorded; nothing changed");
        assertThat(map(again.get("keys")).get("deployments")).isEqualTo(1);

        Map<String, Object> conflict = map(runPipeline(
                "return recordDora(service: 'checkout', environment: 'prod', status: 'failure')"));
        assertThat(conflict.get("outcome")).isEqualTo("conflict");
        assertThat(log).contains("status: recorded success, delivered failure").contains("the first record is kept");
        assertThat(buildResult()).isEqualTo("SUCCESS");
    }

    @Test
    void aRetryMinutesLaterChangesNothing() throws Exception {
        commit("third", "2026-11-26T11:00:00Z");
        Map<String, Object> first = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(first.get("outcome")).isEqualTo("recorded");
        now = NOW.plusSeconds(300);
        Map<String, Object> retry = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(retry.get("outcome")).isEqualTo("recorded");
        assertThat(retry.get("commits")).isEqualTo(1);
        assertThat(log).contains("was already recorded; nothing changed").doesNotContain("other content");
        assertThat(map(retry.get("keys")).get("deployments")).isEqualTo(1);
        assertThat(buildResult()).isEqualTo("SUCCESS");
        try (DoraStore store = store()) {
            assertThat(store.deployment(FIRST_BUILD).orElseThrow().finished()).isEqualTo(NOW);
        }
    }

    @Test
    void thousandsOfChangesGoThroughAFileNotTheCommandLine() throws Exception {
        runPipeline("recordDora(service: 'checkout', environment: 'prod')");
        // 6 000 commits, one a minute from Nov 27 on (fast-import: git commit 6 000 times would take minutes)
        String parent = git("rev-parse", "HEAD");
        StringBuilder stream = new StringBuilder();
        long start = Instant.parse("2026-11-27T00:00:00Z").getEpochSecond();
        String branch = git("symbolic-ref", "--short", "HEAD");
        for (int i = 0; i < 6_000; i++) {
            long when = start + 60L * i;
            stream.append("commit refs/heads/").append(branch).append('\n')
                    .append("committer Dev <dev@example.com> ").append(when).append(" +0000\n")
                    .append("data 2\nc\n");
            if (i == 0) {
                stream.append("from ").append(parent).append('\n');
            }
            stream.append("deleteall\n\n");
        }
        repository.fastImport(stream.toString());
        git("reset", "-q", "--hard", branch);
        env().put("BUILD_URL", "https://jenkins.example/job/app/2/");
        // after the last of them: a change cannot ship before it is committed
        now = Instant.parse("2026-12-01T12:00:00Z");

        Map<String, Object> result = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(result.get("outcome")).isEqualTo("recorded");
        assertThat(result.get("commits")).isEqualTo(6_000);
        String record = engineCalls().stream().filter(s -> s.contains("'record' 'deployment'")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(record).containsPattern("'--commit-times-file' '\\.cicd/recordDora-[0-9a-f]{8}/commit-times\\.txt'")
                .doesNotContain("--commit-time'").doesNotContain("+00:00").hasSizeLessThan(1_000);
        Path times = workspace.resolve(record.replaceAll(".*'--commit-times-file' '([^']*)'.*", "$1"));
        // git log lists the newest first: 5 999 minutes after the first
        assertThat(times).content().hasLineCount(6_000)
                .startsWith("2026-12-01T03:59:00+00:00\n2026-12-01T03:58:00+00:00\n");
        try (DoraStore store = store()) {
            Deployment d = store.deployment("https://jenkins.example/job/app/2/#checkout@prod").orElseThrow();
            assertThat(d.commitTimes()).hasSize(6_000).startsWith(Instant.parse("2026-11-27T00:00:00Z"))
                    .endsWith(Instant.parse("2026-11-27T00:00:00Z").plusSeconds(60L * 5_999));
        }
    }

    @Test
    void aLastCommitMissingFromTheCloneCountsOnlyHead() throws Exception {
        try (DoraStore store = store()) {
            store.record(new Deployment("older", "checkout", "prod", null, "1", "0123456789abcdef0123456789abcdef01234567",
                    List.of(), null, Instant.parse("2026-11-25T10:00:00Z"), DeploymentStatus.SUCCESS, null, null));
        }
        Map<String, Object> result = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(result.get("commits")).isEqualTo(1);
        assertThat(log).contains("is not in this clone");
    }

    @Test
    void explicitArgumentsOverrideTheDefaults() {
        Map<String, Object> result = map(runPipeline("""
                return recordDora(service: 'checkout', environment: 'prod', id: 'deploy-42', version: '2.4.1',
                                  started: '2026-11-26T11:50:00Z', by: 'bob', pipelineUrl: 'https://ci.example/42',
                                  db: 'other.db')
                """));
        assertThat(result.get("outcome")).isEqualTo("recorded");
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(workspace.resolve("other.db")))) {
            Deployment d = store.deployment("deploy-42").orElseThrow();
            assertThat(d.version()).isEqualTo("2.4.1");
            assertThat(d.started()).isEqualTo(Instant.parse("2026-11-26T11:50:00Z"));
            assertThat(d.by()).isEqualTo("bob");
            assertThat(d.pipelineUrl()).isEqualTo("https://ci.example/42");
        }
    }

    @Test
    void unknownArgumentsAreRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod', stauts: 'x')"))
                .isInstanceOf(PipelineError.class)
                .hasMessage("recordDora: unknown argument stauts; known arguments: by, commit, db, environment, "
                        + "failOnError, id, pipelineUrl, service, started, status, team, version");
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod', failOnError: 'no')"))
                .hasMessage("recordDora: failOnError must be true or false, not 'no'");
        assertThatThrownBy(() -> runPipeline("recordDora(environment: 'prod')"))
                .hasMessage("recordDora: missing required argument service");
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod', status: 'GREEN')"))
                .hasMessageContaining("status 'GREEN' is not a build result").hasMessageContaining("UNSTABLE");
    }

    @Test
    void anUnreachableStoreFailsTheBuildUnlessToldNotTo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        env().put("CICD_DORA_DB", "jdbc:postgresql://127.0.0.1:" + port + "/dora");
        env().put("CICD_DORA_DB_PASSWORD", "never-in-the-log");
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod')"))
                .isInstanceOf(PipelineError.class)
                .hasMessageContaining("127.0.0.1:" + port + "/dora");
        Map<String, Object> lenient = map(runPipeline(
                "return recordDora(service: 'checkout', environment: 'prod', failOnError: false)"));
        assertThat(lenient.get("outcome")).isEqualTo("failed");
        assertThat(lenient.get("error").toString()).contains("127.0.0.1:" + port + "/dora");
        // Lenient, it still tries to record, counting only the commit deployed; the record fails the same way.
        assertThat(log).contains("recordDora: the last deployment is unknown (cicd dora last-deployment: cannot use"
                + " the DORA store").contains("recordDora: cicd dora record deployment: cannot use the DORA store")
                .doesNotContain("never-in-the-log");
    }

    @Test
    void aCommitThatIsAGitOptionIsRefusedAndGitNeverSeesIt() throws Exception {
        // A last deployment whose commit this clone lacks: the step would count only the commit deployed, with
        // git log -1 COMMIT, where a commit '--output=FILE' made git write FILE.
        try (DoraStore store = store()) {
            store.record(new Deployment("older", "checkout", "prod", null, "1", "0123456789abcdef0123456789abcdef01234567",
                    List.of(), null, Instant.parse("2026-11-25T10:00:00Z"), DeploymentStatus.SUCCESS, null, null));
        }
        Path outside = sandbox.resolve("written-by-git.txt");
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod', commit: '--output="
                + outside + "')"))
                .isInstanceOf(PipelineError.class)
                .hasMessage("recordDora: commit '--output=" + outside + "' is not a commit id (7 to 64 hexadecimal"
                        + " digits, as git rev-parse prints)");
        assertThat(outside).doesNotExist();
        assertThat(shScripts).noneMatch(s -> s.contains("--output"));
    }

    @Test
    void onACiAgentTheDefaultStoreIsRefusedWithHowToConfigureOne() throws Exception {
        env().remove("CICD_DORA_DB");
        assertThatThrownBy(() -> runPipeline("recordDora(service: 'checkout', environment: 'prod')"))
                .hasMessageStartingWith("recordDora: no DORA store is configured, and the default one, ~/.cicd/dora.db"
                        + " on this agent, would be lost with the agent: set CICD_DORA_DB");
        assertThat(agentHome.resolve(".cicd/dora.db")).doesNotExist();
        Map<String, Object> lenient = map(runPipeline(
                "return recordDora(service: 'checkout', environment: 'prod', failOnError: false)"));
        assertThat(lenient.get("outcome")).isEqualTo("failed");
        assertThat(lenient.get("error").toString()).contains("CICD_DORA_DB");

        // Off CI (no JENKINS_URL, no CI), a person's own machine keeps its store in the home directory.
        env().remove("JENKINS_URL");
        agentEnv.remove("CI");
        Map<String, Object> local = map(runPipeline("return recordDora(service: 'checkout', environment: 'prod')"));
        assertThat(local.get("outcome")).isEqualTo("recorded");
        assertThat(agentHome.resolve(".cicd/dora.db")).exists();
    }
}
