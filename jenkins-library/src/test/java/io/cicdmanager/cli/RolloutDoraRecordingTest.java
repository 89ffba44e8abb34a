package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cicdmanager.analysis.ScriptedPrometheus;
import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraRecorder;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.EmbeddedPostgresServer;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.Restore;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The rollout commands, {@code rollback} and {@code guard} recording their outcomes in a real DORA store (SQLite,
 * and once PostgreSQL), against the CRUD API server in virtual time; and the keys {@code cicd dora report} computes
 * from what they recorded.
 */
@InProcessKubernetes
class RolloutDoraRecordingTest {
    static final String COMMIT = "c0ffee1";

    KubernetesClient client;
    @TempDir
    Path dir;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 4);
        cli = new EngineCli(client, dir, "prod");
    }

    /** What a Jenkins agent has: the store in CICD_DORA_DB, the commit checked out, who started the build. */
    static Map<String, String> agent(String... more) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("CICD_DORA_DB", "dora.db", "GIT_COMMIT", COMMIT,
                "CICD_ACTOR", "jenkins-bot"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    DoraStore store() {
        return JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")));
    }

    RolloutStatus lastRollout() {
        return new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status();
    }

    static String deploymentId(RolloutStatus status) {
        return "prod/shop@" + status.startedAt();
    }

    static Instant abortingAt(RolloutStatus status) {
        return status.transitions().stream().filter(t -> t.to() == RolloutPhase.ABORTING).findFirst().orElseThrow()
                .at();
    }

    JsonNode json(String file) throws Exception {
        return ObjectMappers.json().readTree(Files.readString(dir.resolve(file)));
    }

    /** Canary pods that restart five times each: the restarts check rolls the canary back without Prometheus. */
    void restartingCanary() {
        SimulatedDeploymentController faults = new SimulatedDeploymentController(client, "prod");
        faults.setFaults("shop-canary", new SimulatedDeploymentController.PodFaults(0, 5, false));
        cli.time().every(Duration.ofSeconds(1), faults::reconcile);
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aSucceededCanaryIsASuccessfulDeploymentOfTheDeploymentToItsNamespace() throws Exception {
        CliRun run = cli.run(agent("BUILD_URL", "https://jenkins.example/job/shop/7/"), "canary", "--deployment",
                "shop", "-n", "prod", "--image", "registry.example:5000/shop:2.4.1", "--steps", "50,pause=1m",
                "--dora-team", "payments", "--dora-commit-time", "2026-11-26T09:00:00Z,2026-11-26T10:30:00+01:00");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        RolloutStatus status = lastRollout();
        String id = deploymentId(status);
        assertThat(run.out()).contains("DORA: recorded " + id + " in " + dir.resolve("dora.db"));
        assertThat(run.err()).doesNotContain("warning");
        try (DoraStore store = store()) {
            Deployment d = store.deployment(id).orElseThrow();
            assertThat(d.service()).isEqualTo("shop");
            assertThat(d.environment()).isEqualTo("prod");
            assertThat(d.team()).isEqualTo("payments");
            assertThat(d.version()).isEqualTo("2.4.1");
            assertThat(d.commitSha()).isEqualTo(COMMIT);
            assertThat(d.commitTimes()).containsExactly(Instant.parse("2026-11-26T09:00:00Z"),
                    Instant.parse("2026-11-26T09:30:00Z"));
            assertThat(d.started()).isEqualTo(status.startedAt());
            assertThat(d.finished()).isEqualTo(status.finishedAt()).isAfter(d.started().plusSeconds(59));
            assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(d.by()).isEqualTo("jenkins-bot");
            assertThat(d.pipelineUrl()).isEqualTo("https://jenkins.example/job/shop/7/");
            assertThat(store.restoresOf(id)).isEmpty();
        }
    }

    @Test
    void rollbacksAndAbortsAreFailedDeploymentsRestoredWhenTrafficWasBackOnStableAndTheReportCountsThem()
            throws Exception {
        List<Duration> recoveries = new ArrayList<>();
        try (ScriptedPrometheus prometheus = new ScriptedPrometheus()) {
            // 1000 requests a window on each track; the canary fails 5 % of them, stable 0.2 %.
            prometheus.answer(r -> {
                boolean canary = r.query().contains("track=\"canary\"");
                boolean counts = r.query().startsWith("sum(increase(");
                String answer = !r.query().contains("5..") ? "1000" : counts ? (canary ? "50" : "2")
                        : canary ? "0.05" : "0.002";
                return ScriptedPrometheus.Reply.vector(answer);
            });
            CliRun bad = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:2",
                    "--steps", "25,pause=5m", "--prometheus-url", prometheus.url().toString(), "--check",
                    "error-rate<=1%", "--interval", "30s", "--json", "bad.json");
            assertThat(bad.exitCode()).as(bad.out() + bad.err()).isEqualTo(ExitCode.FAILED);
            assertThat(json("bad.json").get("trigger").get("check").asString()).isEqualTo("error-rate");
            recoveries.add(assertFailedAndRestored(lastRollout(), "jenkins-bot"));
        }

        Instant abortAt = cli.time().now().plusSeconds(90);
        cli.time().schedule(abortAt, () -> new RolloutRecordStore(client).writeCommand("prod", "shop",
                new RolloutCommand("c1", CommandAction.ABORT, "alice", "pager", abortAt, "tui")));
        CliRun aborted = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:3",
                "--steps", "25,pause", "--json", "abort.json");
        assertThat(aborted.exitCode()).as(aborted.out() + aborted.err()).isEqualTo(ExitCode.FAILED);
        assertThat(json("abort.json").get("actor").asString()).isEqualTo("alice");
        RolloutStatus abortStatus = lastRollout();
        assertThat(abortingAt(abortStatus)).isBetween(abortAt, abortAt.plusSeconds(1));
        recoveries.add(assertFailedAndRestored(abortStatus, "jenkins-bot"));

        CliRun good = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:4",
                "--steps", "50,pause=1m");
        assertThat(good.exitCode()).as(good.out() + good.err()).isZero();

        CliRun report = cli.run(agent(), "dora", "report", "--service", "shop", "--env", "prod", "-o", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode keys = ObjectMappers.json().readTree(report.out());
        assertThat(keys.get("deployments").asLong()).isEqualTo(3);
        assertThat(keys.get("changeFailureRate").get("failed").asLong()).isEqualTo(2);
        assertThat(keys.get("changeFailureRate").get("percent").asDouble()).isCloseTo(200.0 / 3, within(0.01));
        assertThat(keys.get("changeFailureRate").get("tier").asString()).isEqualTo("low");
        assertThat(keys.get("recoveryTime").get("restored").asLong()).isEqualTo(2);
        assertThat(keys.get("recoveryTime").get("unrestored").asLong()).isZero();
        double medianHours = (recoveries.get(0).toMillis() + recoveries.get(1).toMillis()) / 2.0 / 3_600_000;
        assertThat(keys.get("recoveryTime").get("medianHours").asDouble()).isCloseTo(medianHours, within(5e-4));
        assertThat(keys.get("recoveryTime").get("tier").asString()).isEqualTo("elite");
        CliRun table = cli.run(agent(), "dora", "report", "--service", "shop", "--env", "prod");
        assertThat(table.out()).contains("(2 of 3 deployments)").contains("2 restored, 0 not yet");
    }

    /**
     * The rollout's deployment is a failure that finished when the rollback began, and its restore is the moment
     * traffic was back on stable, before the rollout itself finished (the canary is scaled down after); returns the
     * recovery time.
     */
    Duration assertFailedAndRestored(RolloutStatus status, String by) {
        assertThat(status.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        String id = deploymentId(status);
        try (DoraStore store = store()) {
            Deployment d = store.deployment(id).orElseThrow();
            assertThat(d.status()).isEqualTo(DeploymentStatus.FAILURE);
            assertThat(d.finished()).isEqualTo(abortingAt(status));
            assertThat(d.by()).isEqualTo(by);
            Restore restore = store.restoresOf(id).stream().filter(r -> r.id().equals(id + DoraRecorder.RESTORE_SUFFIX))
                    .findFirst().orElseThrow();
            assertThat(restore.at()).isBetween(d.finished(), status.finishedAt());
            return Duration.between(d.finished(), restore.at());
        }
    }

    @Test
    void theCommitTimesOfARolloutCanComeFromAFile() throws Exception {
        StringBuilder times = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            times.append(Instant.parse("2026-11-20T00:00:00Z").plusSeconds(60L * i)).append('\n');
        }
        Files.writeString(dir.resolve("times.txt"), times);
        CliRun run = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:2",
                "--steps", "50,pause=1m", "--dora-commit-times-file", "times.txt");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        try (DoraStore store = store()) {
            Deployment d = store.deployment(deploymentId(lastRollout())).orElseThrow();
            assertThat(d.commitTimes()).hasSize(5_000).startsWith(Instant.parse("2026-11-20T00:00:00Z"));
        }

        // the hint to record by hand names the file rather than listing five thousand times
        CliRun unreachable = cli.run(Map.of("GIT_COMMIT", COMMIT), "canary", "--deployment", "shop", "-n", "prod",
                "--image", "shop:3", "--steps", "50,pause=1m", "--dora-commit-times-file", "times.txt",
                "--dora-db", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/dora?connectTimeout=2");
        assertThat(unreachable.exitCode()).as(unreachable.out() + unreachable.err()).isZero();
        assertThat(unreachable.err()).contains("--commit-times-file '" + dir.resolve("times.txt") + "'")
                .doesNotContain("--commit-time ");

        CliRun both = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:4",
                "--dora-commit-times-file", "times.txt", "--dora-commit-time", "2026-11-26T09:00:00Z");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("--dora-commit-time or --dora-commit-times-file, not both");
        CliRun missing = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:4",
                "--dora-commit-times-file", "nope.txt");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--dora-commit-times-file nope.txt: no such file");
        CliRun noStore = cli.run(Map.of("GIT_COMMIT", COMMIT), "canary", "--deployment", "shop", "--image", "shop:4",
                "--dora-commit-times-file", "times.txt");
        assertThat(noStore.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noStore.err()).contains("--dora-commit-times-file given, but no DORA store");
    }

    @Test
    void anUnreachableStoreIsAWarningAndTheRolloutsResultStands() throws Exception {
        int port = closedPort();
        CliRun ok = cli.run(Map.of("GIT_COMMIT", COMMIT, "CICD_DORA_DB_PASSWORD", "pw-never-shown"), "canary",
                "--deployment", "shop", "-n", "prod", "--image", "shop:2", "--steps", "50,pause=1m", "--dora-db",
                "jdbc:postgresql://127.0.0.1:" + port + "/dora?connectTimeout=2", "--json", "ok.json");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(json("ok.json").get("phase").asString()).isEqualTo("Succeeded");
        String id = deploymentId(lastRollout());
        assertThat(ok.err()).contains("warning: DORA: the rollout's deployment " + id + " (success) was not recorded: "
                + "cannot use the DORA store at 127.0.0.1:" + port + "/dora")
                .contains("This does not change the result above")
                .contains("cicd dora record deployment --id '" + id + "' --service 'shop' --env 'prod'")
                .contains("--status success").doesNotContain("pw-never-shown").doesNotContain("Exception");

        restartingCanary();
        Files.writeString(dir.resolve("blocked"), "a file where the store's directory would be");
        CliRun rolledBack = cli.run(agent(), "canary", "--deployment", "shop", "-n", "prod", "--image", "shop:3",
                "--steps", "25,pause=5m", "--check", "restarts<=3", "--dora-db", "blocked/dora.db");
        assertThat(rolledBack.exitCode()).as(rolledBack.out() + rolledBack.err()).isEqualTo(ExitCode.FAILED);
        String failedId = deploymentId(lastRollout());
        assertThat(rolledBack.err()).contains("warning: DORA: the rollout's deployment " + failedId + " (failure) was "
                + "not recorded: cannot create the directory of the DORA store")
                .contains("--status failure --by 'jenkins-bot'; cicd dora record restore --id '" + failedId + "/restore' --deployment '"
                        + failedId + "' --at ");
        assertThat(rolledBack.out()).contains("RolledBack");
    }

    @Test
    void aRollbackIsRecordedInPostgresqlWithCredentialsFromTheEnvironment() {
        restartingCanary();
        String url = EmbeddedPostgresServer.newDatabase();
        CliRun run = cli.run(agent("CICD_DORA_DB", url, "CICD_DORA_DB_USER", EmbeddedPostgresServer.USER,
                "CICD_DORA_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD), "canary", "--deployment", "shop", "-n",
                "prod", "--image", "shop:2", "--steps", "25,pause=5m", "--check", "restarts<=3", "--dora-env",
                "production");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out() + run.err()).doesNotContain(EmbeddedPostgresServer.PASSWORD).doesNotContain("warning");
        RolloutStatus status = lastRollout();
        String id = deploymentId(status);
        assertThat(run.out()).contains("DORA: recorded " + id + " in 127.0.0.1:" + EmbeddedPostgresServer.port())
                .contains("DORA: recorded " + id + "/restore");
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.postgresql(url, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD))) {
            Deployment d = store.deployment(id).orElseThrow();
            assertThat(d.environment()).isEqualTo("production");
            assertThat(d.status()).isEqualTo(DeploymentStatus.FAILURE);
            assertThat(d.finished()).isEqualTo(abortingAt(status));
            assertThat(store.restoresOf(id)).singleElement()
                    .satisfies(r -> assertThat(r.at()).isBetween(d.finished(), status.finishedAt()));
        }
    }

    @Test
    void doraMistakesAreUsageErrorsBeforeAnythingChanges() throws Exception {
        CliRun mysql = cli.run(agent(), "canary", "--deployment", "shop", "--image", "shop:2", "--dora-db",
                "jdbc:mysql://db.example/dora?password=hunter2");
        assertThat(mysql.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(mysql.err()).contains("--dora-db: jdbc:mysql is not supported").doesNotContain("hunter2");
        CliRun noStore = cli.run(Map.of("GIT_COMMIT", COMMIT), "canary", "--deployment", "shop", "--image", "shop:2",
                "--dora-service", "checkout", "--dora-env", "prod", "--dora-team", "payments", "--dora-version", "2",
                "--dora-commit", COMMIT, "--dora-commit-time", "2026-11-26T09:00:00Z");
        assertThat(noStore.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noStore.err()).contains("--dora-service, --dora-env, --dora-team, --dora-version, --dora-commit, "
                + "--dora-commit-time given, but no DORA store to record into").contains("CICD_DORA_DB");
        CliRun noCommit = cli.run(Map.of("CICD_DORA_DB", "dora.db"), "canary", "--deployment", "shop", "--image",
                "shop:2");
        assertThat(noCommit.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noCommit.err()).contains("$CICD_DORA_DB").contains("needs the commit it deploys")
                .contains("--dora-commit SHA").contains("--no-dora");
        CliRun contradiction = cli.run(agent(), "canary", "--deployment", "shop", "--image", "shop:2", "--no-dora",
                "--dora-db", "x.db", "--dora-env", "prod");
        assertThat(contradiction.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(contradiction.err()).contains("--no-dora records nothing: leave out --dora-db, --dora-env");
        CliRun emptyService = cli.run(agent(), "canary", "--deployment", "shop", "--image", "shop:2",
                "--dora-service", " ");
        assertThat(emptyService.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(emptyService.err()).contains("--dora-service is empty");
        CliRun emptyVersion = cli.run(agent(), "canary", "--deployment", "shop", "--image", "shop:2",
                "--dora-version", "");
        assertThat(emptyVersion.err()).contains("--dora-version is empty");
        CliRun badTime = cli.run(agent(), "canary", "--deployment", "shop", "--image", "shop:2",
                "--dora-commit-time", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badTime.err()).contains("'yesterday' is not an ISO-8601 time with an offset");
        assertThat(client.configMaps().inNamespace("prod").withName("cicd-rollout-shop").get()).isNull();
        assertThat(dir.resolve("dora.db")).doesNotExist();

        // Opting out with CICD_DORA_DB set: the rollout runs and nothing is recorded, so no commit is needed.
        CliRun optedOut = cli.run(Map.of("CICD_DORA_DB", "dora.db"), "canary", "--deployment", "shop", "-n", "prod",
                "--image", "shop:2", "--steps", "50,pause=1m", "--no-dora");
        assertThat(optedOut.exitCode()).as(optedOut.err()).isZero();
        assertThat(optedOut.out()).doesNotContain("DORA");
        assertThat(dir.resolve("dora.db")).doesNotExist();
    }

    @Test
    void aGuardsRollbackRestoresTheLatestSuccessfulDeploymentOfTheService() throws Exception {
        CliRun seeded = cli.run(agent(), "dora", "record", "deployment", "--id", "build-7", "--service", "shop",
                "--env", "prod", "--version", "2", "--commit", COMMIT, "--finished", "2026-11-26T11:00:00Z",
                "--status", "success");
        assertThat(seeded.exitCode()).as(seeded.err()).isZero();
        Workloads workloads = new Workloads(client, "prod");
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        workloads.setImage("shop", "app", "shop:2");
        controller.reconcile();
        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(2, 0, false));
        cli.time().every(Duration.ofSeconds(1), controller::reconcile);

        CliRun guard = cli.run(agent("CICD_ACTOR", "guard-bot"), "guard", "--deployment", "shop", "--window", "5m");
        assertThat(guard.exitCode()).as(guard.out() + guard.err()).isEqualTo(ExitCode.FAILED);
        assertThat(guard.out()).contains("rolled back to shop:1").contains("DORA: recorded build-7/restore");
        Instant guardedAt = cli.time().now();
        try (DoraStore store = store()) {
            assertThat(store.restoresOf("build-7")).singleElement().satisfies(r -> {
                assertThat(r.by()).isEqualTo("guard-bot");
                assertThat(r.at()).isBefore(guardedAt.plusMillis(1)).isAfter(CliRun.NOW);
            });
        }
        CliRun report = cli.run(agent(), "dora", "report", "--service", "shop", "--env", "prod", "-o", "json");
        JsonNode keys = ObjectMappers.json().readTree(report.out());
        assertThat(keys.get("changeFailureRate").get("percent").asDouble()).isEqualTo(100.0);
        try (DoraStore store = store()) {
            Duration recovery = Duration.between(Instant.parse("2026-11-26T11:00:00Z"),
                    store.restoresOf("build-7").get(0).at());
            assertThat(keys.get("recoveryTime").get("medianHours").asDouble())
                    .isCloseTo(recovery.toMillis() / 3_600_000.0, within(5e-4)); // the report rounds to 3 places
        }

        // Nothing recorded for the service: a warning, and the rollback's result stands.
        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(0, 0, false));
        controller.reconcile();
        CliRun unknown = cli.run(agent(), "rollback", "--deployment", "shop", "--reason", "manual", "--dora-service",
                "checkout");
        assertThat(unknown.exitCode()).as(unknown.err()).isZero();
        assertThat(unknown.err()).contains("warning: DORA: the rollback is not recorded: no successful deployment of "
                + "checkout to prod is recorded");
    }

    @Test
    void aRollbackNamesTheDeploymentItUndoes() throws Exception {
        Workloads workloads = new Workloads(client, "prod");
        workloads.setImage("shop", "app", "shop:2");
        new SimulatedDeploymentController(client, "prod").reconcile();
        // The deployment is recorded after its rollback (a post section): the restore waits for it.
        CliRun undo = cli.run(agent("CICD_ACTOR", "ops"), "rollback", "--deployment", "shop", "--reason", "smoke tests",
                "--dora-deployment", "https://jenkins.example/job/shop/8/#shop@prod");
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("DORA: recorded https://jenkins.example/job/shop/8/#shop@prod/restore");
        try (DoraStore store = store()) {
            assertThat(store.restoresOf("https://jenkins.example/job/shop/8/#shop@prod")).singleElement()
                    .satisfies(r -> assertThat(r.by()).isEqualTo("ops"));
        }
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        // The same rollback delivered again changes nothing; another one of the same deployment keeps the first.
        CliRun again = cli.run(agent("CICD_ACTOR", "ops"), "rollback", "--deployment", "shop", "--reason", "retried",
                "--dora-deployment", "https://jenkins.example/job/shop/8/#shop@prod");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("DORA: https://jenkins.example/job/shop/8/#shop@prod/restore was already "
                + "recorded; nothing changed");
        controller.reconcile();
        cli.time().sleep(Duration.ofMinutes(1));
        CliRun later = cli.run(agent("CICD_ACTOR", "ops"), "rollback", "--deployment", "shop", "--reason", "later",
                "--dora-deployment", "https://jenkins.example/job/shop/8/#shop@prod");
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.err()).contains("warning: DORA: not recorded: restore https://jenkins.example/job/shop/8/"
                + "#shop@prod/restore is already recorded with other content").contains("This does not change the result");
        controller.reconcile();

        CliRun unreachable = cli.run(Map.of("CICD_ACTOR", "ops"), "rollback", "--deployment", "shop", "--reason",
                "again", "--dora-db", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/dora?connectTimeout=2");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isZero();
        assertThat(unreachable.err()).contains("warning: DORA: the rollback of shop in prod was not recorded")
                .contains("cicd dora record restore --id ID/restore --deployment ID --at ")
                .contains("where ID is the latest successful deployment of shop to prod");

        CliRun rolloutByName = cli.run(agent(), "rollback", "shop", "--reason", "x", "--dora-db", "dora.db");
        assertThat(rolloutByName.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(rolloutByName.err()).contains("a rollout's rollback is recorded by the engine that runs it");
        CliRun idByName = cli.run(Map.of(), "rollback", "shop", "--reason", "x", "--dora-deployment", "d1");
        assertThat(idByName.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun emptyId = cli.run(agent(), "guard", "--deployment", "shop", "--dora-deployment", "");
        assertThat(emptyId.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(emptyId.err()).contains("--dora-deployment is empty");
    }

    @Test
    void versionsAreImageTagsOrDigests() {
        assertThat(io.cicdmanager.dora.RolloutDeployment.versionOf("registry.example:5000/shop:2.4.1")).isEqualTo("2.4.1");
        assertThat(io.cicdmanager.dora.RolloutDeployment.versionOf("shop@sha256:abc")).isEqualTo("sha256:abc");
        assertThat(io.cicdmanager.dora.RolloutDeployment.versionOf("registry.example:5000/shop")).isEqualTo("registry.example:5000/shop");
    }
}
