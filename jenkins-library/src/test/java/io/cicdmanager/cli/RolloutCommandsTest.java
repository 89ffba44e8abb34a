package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.rollout.EngineContext;
import io.cicdmanager.rollout.RolloutEngine;
import io.cicdmanager.rollout.RolloutResult;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.time.SystemSleeper;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@InProcessKubernetes
class RolloutCommandsTest {
    static final Path EXAMPLES = Path.of("..", "docs", "examples").toAbsolutePath().normalize();

    KubernetesClient client;
    @TempDir
    Path dir;
    EngineCli cli;

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 4);
        cli = new EngineCli(client, dir, "prod");
    }

    JsonNode json(String file) throws Exception {
        return ObjectMappers.json().readTree(Files.readString(dir.resolve(file)));
    }

    @Test
    void simulateReproducesTheThreeExampleRehearsals() throws Exception {
        String spec = EXAMPLES.resolve("rollout.yaml").toString();
        CliRun healthy = CliRun.run(dir, "simulate", "--spec", spec, "--scenario",
                EXAMPLES.resolve("healthy.yaml").toString(), "--json", "healthy.json");
        assertThat(healthy.exitCode()).as(healthy.err()).isZero();
        JsonNode h = json("healthy.json");
        assertThat(h.propertyNames()).containsExactly("phase", "trigger", "durationSeconds", "finalWeights", "timeline");
        assertThat(h.get("phase").asString()).isEqualTo("Succeeded");
        assertThat(h.get("trigger").isNull()).isTrue();
        assertThat(h.get("finalWeights").get("stable").asInt()).isEqualTo(100);
        assertThat(h.get("timeline").get(0).propertyNames()).containsExactly("t", "phase", "weight", "event", "by");
        assertThat(healthy.out()).contains("Succeeded after");

        CliRun bad = CliRun.run(dir, "simulate", "--spec", spec, "--scenario",
                EXAMPLES.resolve("bad-canary.yaml").toString(), "--json", "bad.json");
        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCode.FAILED);
        JsonNode b = json("bad.json");
        assertThat(b.get("phase").asString()).isEqualTo("RolledBack");
        assertThat(b.get("trigger").get("check").asString()).isEqualTo("error-rate");
        assertThat(b.get("trigger").get("value").asDouble()).isGreaterThan(0.01);
        assertThat(b.get("trigger").get("threshold").asDouble()).isEqualTo(0.01);
        assertThat(b.get("trigger").get("figure").get("unit").asString()).isEqualTo("PERCENT");
        assertThat(b.get("finalWeights").get("canary").asInt()).isZero();
        // what a person reads: the figure rounded and in the threshold's unit, never the raw doubles
        assertThat(bad.out()).containsPattern("tripped by error-rate: check error-rate failed: error-rate "
                + "\\d+\\.\\d\\d % breaches <= 1\\.00 %").doesNotContain("against 0.01")
                .doesNotContainPattern("0\\.0\\d{5,}");

        CliRun abort = CliRun.run(dir, "simulate", "--spec", spec, "--scenario",
                EXAMPLES.resolve("operator-abort.yaml").toString(), "--json", "abort.json", "--audit-log", "audit.jsonl");
        assertThat(abort.exitCode()).as(abort.err()).isEqualTo(ExitCode.FAILED);
        JsonNode a = json("abort.json");
        assertThat(a.get("phase").asString()).isEqualTo("RolledBack");
        assertThat(a.get("durationSeconds").asLong()).isBetween(300L, 302L);
        assertThat(a.get("timeline").toString()).contains("\"by\":\"alice\"");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"actor\":\"alice\"").contains("pager");
    }

    @Test
    void aBadSpecIsRejectedWithFileLineAndField() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                name: checkout
                namespace: prod
                deployment: checkout
                image: shop:2
                strategy:
                  canary:
                    steps: [{setWeight: 150}]
                """);
        CliRun run = CliRun.run(dir, "canary", "--spec", "bad.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("bad.yaml:7:").contains("strategy.canary.steps[0].setWeight")
                .contains("0 to 100").doesNotContain("Exception");
        CliRun simulate = CliRun.run(dir, "simulate", "--spec", "bad.yaml", "--scenario", "missing.yaml");
        assertThat(simulate.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void simulateWarnsWhenABlueGreenPreviewGetsNoTrafficToAnalyse() throws Exception {
        Files.writeString(dir.resolve("bg.yaml"), """
                name: shop
                namespace: prod
                deployment: shop
                image: shop:2
                strategy:
                  blueGreen:
                    activeService: shop-active
                    previewService: shop-preview
                    prePromotionAnalysis:
                      interval: 20s
                      checks: [{metric: error-rate, max: 1%}]
                """);
        Files.writeString(dir.resolve("no-preview.yaml"), """
                traffic: {rps: 100}
                events:
                  - {at: 120s, command: abort, by: alice, reason: "rehearsal over"}
                """);
        CliRun silent = CliRun.run(dir, "simulate", "--spec", "bg.yaml", "--scenario", "no-preview.yaml");
        assertThat(silent.err()).contains("simulate: warning: no-preview.yaml sends no requests to the preview",
                "traffic: {previewRps: N}");
        Files.writeString(dir.resolve("preview.yaml"), "traffic: {rps: 100, previewRps: 20}\n");
        CliRun fed = CliRun.run(dir, "simulate", "--spec", "bg.yaml", "--scenario", "preview.yaml");
        assertThat(fed.exitCode()).as(fed.err()).isZero();
        assertThat(fed.err()).doesNotContain("warning");
    }

    @Test
    void aSpecWhosePrometheusIsDownIsUnreachableBeforeAnythingChanges() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: shop
                namespace: prod
                deployment: shop
                image: shop:2
                prometheus: {url: http://127.0.0.1:1}
                strategy:
                  canary:
                    steps: [{setWeight: 50}]
                    analysis: {checks: [{metric: error-rate, max: 1%}]}
                """);
        CliRun run = cli.run("canary", "--spec", "p.yaml");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("http://127.0.0.1:1");
        assertThat(client.configMaps().inNamespace("prod").withName("cicd-rollout-shop").get()).isNull();
        Files.writeString(dir.resolve("n.yaml"), Files.readString(dir.resolve("p.yaml"))
                .replace("prometheus: {url: http://127.0.0.1:1}\n", ""));
        CliRun noSection = cli.run("canary", "--spec", "n.yaml");
        assertThat(noSection.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noSection.err()).contains("checks error-rate read metrics").contains("prometheus:");
        CliRun wrongStrategy = cli.run("bluegreen", "--spec", "n.yaml");
        assertThat(wrongStrategy.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrongStrategy.err()).contains("run cicd canary");
    }

    @Test
    void aCanaryFromFlagsRunsToSuccessAndWritesItsResult() throws Exception {
        CliRun run = cli.run(Map.of("CICD_ACTOR", "jenkins-bot"), "canary", "--deployment", "shop", "-n", "prod",
                "--image", "shop:2", "--steps", "20,pause=2m,50,pause=2m", "--check", "readiness-failures<=10%",
                "--check", "restarts<=3", "--interval", "30s", "--json", "result.json", "--audit-log", "audit.jsonl");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("canary weight 20 %").contains("canary weight 50 %").contains("Succeeded");
        JsonNode result = json("result.json");
        assertThat(result.get("phase").asString()).isEqualTo("Succeeded");
        assertThat(result.get("trigger").isNull()).isTrue();
        assertThat(result.get("durationSeconds").asLong()).isGreaterThanOrEqualTo(240);
        assertThat(Workloads.container(client.apps().deployments().inNamespace("prod").withName("shop").get(), null)
                .getImage()).isEqualTo("shop:2");
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit).contains("\"actor\":\"jenkins-bot\"").contains("\"outcome\":\"Succeeded\"");
        assertThat(client.v1().events().inNamespace("prod").list().getItems())
                .anySatisfy(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("cicd-rollout-shop"));
    }

    @Test
    void restartingCanaryPodsRollTheCanaryBackWithTheRestartCount() throws Exception {
        SimulatedDeploymentController faults = new SimulatedDeploymentController(client, "prod");
        faults.setFaults("shop-canary", new SimulatedDeploymentController.PodFaults(0, 5, false));
        cli.time().every(java.time.Duration.ofSeconds(1), faults::reconcile);
        CliRun run = cli.run("canary", "--deployment", "shop", "-n", "prod", "--image", "shop:2", "--steps",
                "25,pause=5m", "--check", "restarts<=3", "--json", "r.json");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode result = json("r.json");
        assertThat(result.get("phase").asString()).isEqualTo("RolledBack");
        assertThat(result.get("trigger").get("check").asString()).isEqualTo("restarts");
        // 25 % next to 4 stable pods is 2 canary pods; each has two containers that restarted 5 times
        assertThat(result.get("trigger").get("value").asDouble()).isEqualTo(20.0);
        assertThat(result.get("trigger").get("threshold").asDouble()).isEqualTo(3.0);
    }

    RolloutStatus running(String name, Instant heartbeat) {
        return running(name, heartbeat, new RolloutRecordStore(client));
    }

    RolloutStatus running(String name, Instant heartbeat, RolloutRecordStore store) {
        RolloutStatus status = RolloutStatus.pending(name, "prod", "canary", "replicas", "shop:2", "shop:1", 2,
                heartbeat, "jenkins").withPhase(RolloutPhase.PROGRESSING, "step 1/2", heartbeat, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat("engine-1", heartbeat, 5));
        String spec = """
                name: %s
                namespace: prod
                deployment: shop
                image: shop:2
                strategy: {canary: {steps: [{setWeight: 50}, {pause: {}}]}}
                """.formatted(name);
        return store.start(spec, status).orElseThrow().status();
    }

    @Test
    void twoOperatorsRacingOneCommandWinsAndBothAreAudited() throws Exception {
        running("shop", CliRun.NOW);
        CliRun pause = cli.run(Map.of("CICD_ACTOR", "alice"), "pause", "shop", "--wait", "0", "--audit-log", "a.jsonl");
        assertThat(pause.exitCode()).as(pause.err()).isZero();
        CliRun abort = cli.run(Map.of("CICD_ACTOR", "bob"), "abort", "shop", "--reason", "pager", "--wait", "0",
                "--audit-log", "a.jsonl");
        assertThat(abort.exitCode()).as(abort.err()).isEqualTo(ExitCode.FAILED);
        assertThat(abort.err()).contains("pending command: pause by alice");
        List<String> lines = Files.readAllLines(dir.resolve("a.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"actor\":\"alice\"").contains("written");
        assertThat(lines.get(1)).contains("\"actor\":\"bob\"").contains("rejected");
        RolloutRecord record = new RolloutRecordStore(client).read("prod", "shop").orElseThrow();
        assertThat(record.pendingCommand()).get().extracting(c -> c.action()).isEqualTo(CommandAction.PAUSE);

        CliRun noReason = cli.run("abort", "shop");
        assertThat(noReason.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noReason.err()).contains("--reason is required");
        CliRun missing = cli.run("resume", "ghost", "--wait", "0");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("no rollout prod/ghost");
    }

    @Test
    void anUnacknowledgedCommandSaysItStaysPending() {
        running("shop", CliRun.NOW);
        CliRun promote = cli.run(Map.of("CICD_ACTOR", "carol"), "promote", "shop", "--full", "--wait", "3s");
        assertThat(promote.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(promote.out()).contains("promote-full written");
        assertThat(promote.err()).contains("not acknowledged within 3s");
    }

    @Test
    void anOrphanedRolloutIsRolledBackByTheOperatorWithoutAnEngine() throws Exception {
        Instant longAgo = CliRun.NOW.minusSeconds(60);
        running("shop", longAgo);
        Workloads workloads = new Workloads(client, "prod");
        workloads.applyCanary(workloads.require("shop"), "shop-canary", null, "shop:2", 4);
        CliRun pause = cli.run("pause", "shop", "--wait", "0");
        assertThat(pause.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(pause.err()).contains("orphaned").contains("cicd rollback shop");

        CliRun status = cli.run("status");
        assertThat(status.out()).contains("Progressing (orphaned)");

        CliRun rollback = cli.run(Map.of("CICD_ACTOR", "dave"), "rollback", "shop", "--reason", "engine died",
                "--audit-log", "a.jsonl");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled back by dave");
        assertThat(workloads.require("shop-canary").getSpec().getReplicas()).isZero();
        RolloutRecord record = new RolloutRecordStore(client).read("prod", "shop").orElseThrow();
        assertThat(record.status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(record.status().transitions()).last().satisfies(t -> assertThat(t.actor()).isEqualTo("dave"));
        assertThat(Files.readString(dir.resolve("a.jsonl"))).contains("RolledBack").contains("dave");

        CliRun again = cli.run("rollback", "shop", "--reason", "twice");
        assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void statusShowsTablesDetailsJsonAndYaml() throws Exception {
        running("shop", CliRun.NOW);
        CliRun table = cli.run("status", "-n", "prod");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("NAMESPACE").contains("shop").contains("Progressing").contains("1/2")
                .doesNotContain("orphaned");
        CliRun detail = cli.run("status", "shop");
        assertThat(detail.out()).contains("Name:       prod/shop").contains("shop:2 (canary)").contains("History:");
        CliRun json = cli.run("status", "shop", "-o", "json");
        JsonNode node = ObjectMappers.json().readTree(json.out());
        assertThat(node.get("status").get("phase").asString()).isEqualTo("Progressing");
        assertThat(node.get("orphaned").asBoolean()).isFalse();
        assertThat(node.has("metrics")).isTrue();
        CliRun all = cli.run("status", "-A", "-o", "yaml");
        assertThat(all.out()).contains("name: \"shop\"").contains("namespace: \"prod\"");
        CliRun missing = cli.run("status", "ghost");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILED);
        CliRun both = cli.run("status", "shop", "-A");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anUnreachableClusterIsExitFour() throws Exception {
        Path dead = dir.resolve("dead.yaml");
        Files.writeString(dead, Files.readString(cli.kubeconfig()).replaceAll("server: \"[^\"]+\"",
                "server: \"http://127.0.0.1:1\""));
        CliRun run = CliRun.run(dir, "status", "--kubeconfig", dead.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("127.0.0.1:1").contains("cannot reach the Kubernetes API server");
        CliRun missing = CliRun.run(dir, "status", "--kubeconfig", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("nope.yaml");
    }

    @Test
    void guardRollsAPlainDeploymentBackOnReadinessFailuresAndRollbackUndoesOnRequest() throws Exception {
        Workloads workloads = new Workloads(client, "prod");
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        workloads.setImage("shop", "app", "shop:2");
        controller.reconcile();
        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(2, 0, false));
        cli.time().every(java.time.Duration.ofSeconds(1), controller::reconcile);
        CliRun guard = cli.run("guard", "--deployment", "shop", "--window", "5m", "--json", "guard.json");
        assertThat(guard.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(guard.out()).contains("only pod health").contains("rolled back to shop:1");
        assertThat(json("guard.json").get("trigger").get("value").asDouble()).isEqualTo(0.5);

        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(0, 0, false));
        controller.reconcile();
        CliRun passes = cli.run("guard", "--deployment", "shop", "--window", "2m");
        assertThat(passes.exitCode()).isZero();
        assertThat(passes.out()).contains("stayed healthy");

        CliRun undo = cli.run(Map.of("CICD_ACTOR", "ops"), "rollback", "--deployment", "shop", "--reason", "manual",
                "--audit-log", "a.jsonl");
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("rolled back to shop:2 by ops");
        assertThat(Files.readString(dir.resolve("a.jsonl"))).contains("undone to shop:2");

        assertThat(cli.run("guard", "--deployment", "shop", "--window", "soon").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("guard", "--deployment", "shop", "--prometheus-url", "http://127.0.0.1:1").exitCode())
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.run("rollback", "--deployment", "shop").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aCommandToALiveEngineIsAcknowledgedWithinASecond() throws Exception {
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        var informer = controller.watch();
        RolloutSpec spec = new RolloutSpecParser().parseText("""
                name: shop
                namespace: prod
                deployment: shop
                image: shop:2
                strategy: {canary: {steps: [{setWeight: 50}, {pause: {}}]}}
                """, "spec.yaml");
        EngineContext ctx = EngineContext.of(client, null, java.time.Clock.systemUTC(), new SystemSleeper(), "jenkins",
                "live-engine");
        java.util.concurrent.CompletableFuture<RolloutResult> engine = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return new RolloutEngine(spec, ctx).run();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        try {
            RolloutRecordStore store = new RolloutRecordStore(client);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> {
                if (engine.isDone()) {
                    throw new AssertionError("the engine ended early: " + engine.get());
                }
                return store.read("prod", "shop").map(r -> r.status().stepIndex() == 1
                        && r.status().setWeight() == 50).orElse(false);
            });
            java.time.Clock real = java.time.Clock.systemUTC();
            CliRun pause = cli.run(Map.of("CICD_ACTOR", "alice"), real, new SystemSleeper(), "pause", "shop",
                    "--reason", "look");
            assertThat(pause.exitCode()).as(pause.err()).isZero();
            assertThat(pause.out()).contains("acknowledged by live-engine: applied, paused");
            CliRun again = cli.run(Map.of("CICD_ACTOR", "bob"), real, new SystemSleeper(), "pause", "shop");
            assertThat(again.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(again.out()).contains("ignored, already paused");
            CliRun abort = cli.run(Map.of("CICD_ACTOR", "alice"), real, new SystemSleeper(), "abort", "shop",
                    "--reason", "pager");
            assertThat(abort.exitCode()).as(abort.err()).isZero();
            assertThat(abort.out()).contains("applied, rolling back");
            RolloutResult result = engine.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
            assertThat(result.actor()).isEqualTo("alice");
            CliRun watch = cli.run(Map.of(), real, new SystemSleeper(), "status", "shop", "--watch");
            assertThat(watch.exitCode()).isZero();
            assertThat(watch.out()).contains("Phase:      RolledBack");
        } finally {
            engine.cancel(true);
            informer.close();
        }
    }

    @Test
    void blueGreenAndRollingRunFromFlagsToo() throws Exception {
        for (String svc : List.of("shop-active", "shop-preview")) {
            client.services().inNamespace("prod").resource(new ServiceBuilder().withNewMetadata().withName(svc)
                    .endMetadata().withNewSpec().addToSelector("app", "shop").endSpec().build()).create();
        }
        CliRun bg = cli.run("bluegreen", "--deployment", "shop", "-n", "prod", "--image", "shop:2", "--active-service",
                "shop-active", "--preview-service", "shop-preview", "--auto-promotion-seconds", "30",
                "--scale-down-delay-seconds", "10", "--check", "restarts<=0", "--interval", "10s", "--json", "bg.json");
        assertThat(bg.exitCode()).as(bg.out() + bg.err()).isZero();
        assertThat(json("bg.json").get("strategy").asString()).isEqualTo("blueGreen");
        CliRun unknownOption = cli.run("bluegreen", "--deployment", "shop", "--image", "shop:3", "--wait", "0");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownOption.err()).contains("--wait");
        CliRun rolling = cli.run("rolling", "--deployment", "shop", "-n", "prod", "--image", "shop:4", "--max-surge",
                "1", "--max-unavailable", "0", "--check", "readiness-failures<=0", "--failure-limit", "1",
                "--inconclusive-limit", "3", "--on-inconclusive", "rollback", "--json", "r.json");
        assertThat(rolling.exitCode()).as(rolling.out() + rolling.err()).isZero();
        assertThat(json("r.json").get("image").asString()).isEqualTo("shop:4");
        assertThat(Workloads.container(client.apps().deployments().inNamespace("prod").withName("shop").get(), null)
                .getImage()).isEqualTo("shop:4");
    }

    @Test
    void flagMistakesAreUsageErrors() throws Exception {
        Files.writeString(dir.resolve("s.yaml"), "name: shop\n");
        assertThat(cli.run("canary", "--spec", "s.yaml", "--image", "x").err()).contains("not both");
        assertThat(cli.run("canary", "--image", "x").err()).contains("at least --deployment and --image");
        CliRun badCheck = cli.run("canary", "--deployment", "shop", "--image", "x", "--check", "error-rate=1");
        assertThat(badCheck.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badCheck.err()).contains("--check 'error-rate=1'");
        CliRun badStep = cli.run("canary", "--deployment", "shop", "--image", "x", "--steps", "lots");
        assertThat(badStep.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badStep.err()).startsWith("cicd canary: arguments: strategy.canary.steps[0].setWeight");
        CliRun ratio = cli.run("canary", "--deployment", "shop", "--image", "x", "--check", "p95-latency<=3x",
                "--check", "request-count>=10", "--router", "istio", "--virtual-service", "vs", "--prometheus-url",
                "http://127.0.0.1:1");
        assertThat(ratio.exitCode()).as(ratio.err()).isEqualTo(ExitCode.UNREACHABLE);
        Path dead = dir.resolve("dead.yaml");
        Files.writeString(dead, Files.readString(cli.kubeconfig()).replaceAll("server: \"[^\"]+\"",
                "server: \"http://127.0.0.1:1\""));
        CliRun unreachable = cli.run(Map.of("KUBECONFIG", dead.toString()), "canary", "--deployment", "shop",
                "--image", "x");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.run("abort", "--reason", "x").err()).contains("name the rollout");
        assertThat(cli.run("pause", "shop", "--wait", "soon").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("rollback", "shop", "--deployment", "shop", "--reason", "x").exitCode())
                .isEqualTo(ExitCode.USAGE);
        CliRun noRevision = cli.run("rollback", "--deployment", "shop", "--reason", "x");
        assertThat(noRevision.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(noRevision.err()).contains("no previous revision");
    }

    @Test
    void aRolloutIsNamedNamespaceSlashNameAsTheConsoleShowsIt() {
        running("shop", CliRun.NOW);
        running("cart", CliRun.NOW);
        EngineCli elsewhere = new EngineCli(client, dir, "default");

        CliRun status = elsewhere.run("status", "prod/shop");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Name:       prod/shop");
        assertThat(elsewhere.run("status", "prod/shop", "-n", "prod").exitCode()).isZero();
        CliRun pause = elsewhere.run("pause", "prod/shop", "--wait", "0");
        assertThat(pause.exitCode()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("pause written to rollout prod/shop");
        CliRun abort = elsewhere.run("abort", "prod/cart", "-n", "prod", "--reason", "pager", "--wait", "0");
        assertThat(abort.exitCode()).as(abort.err()).isZero();
        assertThat(new RolloutRecordStore(client).read("prod", "cart").orElseThrow().command().action())
                .isEqualTo(CommandAction.ABORT);
        CliRun ghost = elsewhere.run("resume", "prod/ghost", "--wait", "0");
        assertThat(ghost.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(ghost.err()).contains("no rollout prod/ghost");

        CliRun clash = elsewhere.run("abort", "prod/shop", "-n", "staging", "--reason", "x");
        assertThat(clash.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(clash.err()).contains("NAME 'prod/shop' is in namespace prod but -n says staging");
        CliRun statusClash = elsewhere.run("status", "prod/shop", "-n", "staging");
        assertThat(statusClash.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(statusClash.err()).contains("prod").contains("staging");
        for (String[] bad : List.of(new String[] {"abort", "", "--reason", "x"},
                new String[] {"pause", "prod/", "--wait", "0"}, new String[] {"pause", "/shop", "--wait", "0"},
                new String[] {"status", "prod/"}, new String[] {"status", "prod/shop/x"},
                new String[] {"rollback", "prod//shop", "--reason", "x"}, new String[] {"promote", "Prod/Shop"},
                new String[] {"resume", "shop", "-n", ""}, new String[] {"status", "-n", "a/b"})) {
            CliRun r = elsewhere.run(bad);
            assertThat(r.exitCode()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(String.join(" ", bad)).doesNotContain("internal error").doesNotContain("Exception")
                    .containsAnyOf("NAME", "-n");
        }
    }

    @Test
    void statusDetailsShowVerdictsTriggersAndPendingCommands() {
        RolloutStatus status = running("shop", CliRun.NOW).withAnalysis(new RolloutStatus.Analysis(3, CliRun.NOW,
                List.of(new RolloutStatus.CheckStatus("error-rate", "threshold", "error-rate", Verdict.FAIL, 0.052, null, 0.01,
                        "<=", "error-rate 5.20 % breaches <= 1.00 %", CliRun.NOW, 2, 1, 0, 0, 0),
                        new RolloutStatus.CheckStatus("p95-vs-stable", "ratio-to-stable", "p95-latency", Verdict.PASS, 1.2,
                                0.1, 3.0, "<=", "ok", CliRun.NOW, 3, 0, 0, 0, 0))), CliRun.NOW)
                .withTrigger(new RolloutStatus.Trigger("error-rate", 0.052, 0.01, "check error-rate failed"));
        RolloutRecordStore store = new RolloutRecordStore(client);
        store.updateStatus("prod", "shop", s -> status);
        store.writeCommand("prod", "shop", new io.cicdmanager.model.RolloutCommand("c", CommandAction.PAUSE, "alice",
                "", CliRun.NOW, "tui"));
        CliRun detail = cli.run("status", "shop");
        assertThat(detail.out()).contains("Analysis (3 rounds):").contains("error-rate     FAIL         5.20 %")
                .contains("≤ 1.00 %").contains("p95-vs-stable  PASS         1.20×      ≤ 3.00×")
                .contains("Trigger:    error-rate: check error-rate failed")
                .contains("Pending:    pause by alice");
        assertThat(cli.run("status").out()).contains("error-rate FAIL");
    }
}
