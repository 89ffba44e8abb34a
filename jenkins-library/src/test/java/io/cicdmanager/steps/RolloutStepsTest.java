package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.analysis.ScriptedPrometheus;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** canaryRollout and autoRollback through JenkinsPipelineUnit, running the real CLI against the CRUD API server. */
@InProcessKubernetes
class RolloutStepsTest extends PipelineTestBase {
    KubernetesClient client;
    VirtualTime time;
    SimulatedDeploymentController controller;
    Path kubeconfig;

    @BeforeEach
    void cluster() throws Exception {
        SimulatedCluster cluster = SimulatedCluster.start(client, NOW, "shop", "shop:1", 4, "prod");
        time = cluster.time;
        useVirtualTime(time);
        controller = cluster.controller("prod");
        kubeconfig = cluster.kubeconfig(sandbox, "prod");
        // The kubeconfig is a Jenkins file credential: the step binds it as KUBECONFIG.
        credentials.put("prod-kubeconfig", kubeconfig.toString());
        env().put("USER", "jenkins");
    }

    Object pipeline(String jenkinsfile) {
        return runPipeline(jenkinsfile);
    }



    @Test
    void aHealthyCanaryReturnsItsResult() {
        Object result = pipeline("""
                return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2',
                        steps: [[setWeight: 25], [pause: '2m'], [setWeight: 50], [pause: '2m']],
                        checks: ['readiness-failures<=10%'], kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("phase")).isEqualTo("Succeeded");
        assertThat(map.get("image")).isEqualTo("shop:2");
        assertThat(log).contains("canary weight 25 %").contains("canaryRollout: prod/shop Succeeded");
        assertThat(Workloads.container(client.apps().deployments().inNamespace("prod").withName("shop").get(), null)
                .getImage()).isEqualTo("shop:2");
        assertThat(engineCalls()).singleElement().asString().startsWith("'canary' ")
                .contains("'--steps' '25,pause=2m,50,pause=2m'").doesNotContain(kubeconfig.toString());
        assertThat(env()).doesNotContainKey("KUBECONFIG");
    }

    @Test
    void whatTheEngineDoesWhenJenkinsStopsItIsAnArgument() {
        Object result = pipeline("""
                return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause=1m',
                        onInterrupt: 'hold', kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(((Map<?, ?>) result).get("phase")).isEqualTo("Succeeded");
        assertThat(engineCalls()).singleElement().asString().contains("'--on-interrupt' 'hold'");
        assertThatThrownBy(() -> pipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:3', onInterrupt: 'ignore',
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """)).hasMessageContaining("--on-interrupt: 'ignore' is not rollback or hold");
    }

    @Test
    void aRolledBackCanaryFailsTheBuildNamingTheTriggerAndItsNumber() {
        controller.setFaults("shop-canary", new SimulatedDeploymentController.PodFaults(0, 5, false));
        assertThatThrownBy(() -> pipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause=5m',
                        checks: ['restarts<=3'], kubeconfigCredentialsId: 'prod-kubeconfig')
                """))
                .isInstanceOf(PipelineError.class)
                .hasMessageContaining("prod/shop RolledBack")
                // two canary pods, two containers each, five restarts per container
                .hasMessageContaining("check restarts: 20.0 against 3.0");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    void withFailOnErrorFalseARolledBackCanaryIsReturnedInsteadOfFailingTheBuild() {
        controller.setFaults("shop-canary", new SimulatedDeploymentController.PodFaults(0, 5, false));
        Map<?, ?> result = (Map<?, ?>) pipeline("""
                return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause=5m',
                        checks: ['restarts<=3'], kubeconfigCredentialsId: 'prod-kubeconfig', failOnError: false)
                """);
        assertThat(result.get("phase")).isEqualTo("RolledBack");
        assertThat(result.get("error").toString()).startsWith("prod/shop RolledBack: ")
                .contains("check restarts: 20.0 against 3.0");
        assertThat(log).contains("canaryRollout: prod/shop RolledBack: ");
        assertThat(buildResult()).isNotEqualTo("FAILURE");
    }

    /**
     * Prometheus answering count queries for each track as requests per second times the query's window: the
     * canary and the stable track at the given rates and shares of 5xx and of requests slower than 250 ms.
     */
    static ScriptedPrometheus.Reply counts(ScriptedPrometheus.Request request, double[] canary, double[] stable) {
        String q = request.query();
        if (q.matches("[a-z_]+\\{[^}]*}\\[[0-9a-z]+]")) {
            return rawSamples(request, canary, stable);
        }
        if (q.startsWith("count by (le)")) {
            return ScriptedPrometheus.Reply.success("{\"resultType\":\"vector\",\"result\":["
                    + "{\"metric\":{\"le\":\"0.25\"},\"value\":[1700000000,\"1\"]},"
                    + "{\"metric\":{\"le\":\"+Inf\"},\"value\":[1700000000,\"1\"]}]}");
        }
        Matcher window = Pattern.compile("\\[([0-9a-z]+)]").matcher(q);
        window.find();
        double seconds = io.cicdmanager.config.ConfigNode.parseDuration(window.group(1)).orElseThrow().toMillis() / 1000.0;
        double[] track = q.contains("track=\"canary\"") ? canary : stable;
        double requests = track[0] * seconds;
        double value = q.contains("code=~\"5..\"") ? requests * track[1]
                : q.contains("le=\"0.25\"") ? requests * track[2] : requests;
        return ScriptedPrometheus.Reply.vector(String.valueOf(value));
    }

    /**
     * The raw counter samples a range selector asks for, as a Prometheus scraping one pod per track every 15 s
     * would hold them: counters that have grown at the track's rates since a fixed moment; the 5xx series, and the
     * latency histogram's buckets at 250 ms and +Inf.
     */
    static ScriptedPrometheus.Reply rawSamples(ScriptedPrometheus.Request request, double[] canary, double[] stable) {
        String q = request.query();
        Matcher range = Pattern.compile("\\[([0-9a-z]+)]$").matcher(q);
        range.find();
        double seconds = io.cicdmanager.config.ConfigNode.parseDuration(range.group(1)).orElseThrow().toMillis() / 1000.0;
        double time = Double.parseDouble(request.params().get("time"));
        boolean isCanary = q.contains("track=\"canary\"");
        double[] track = isCanary ? canary : stable;
        String pod = isCanary ? "shop-canary-0" : "shop-stable-0";
        Map<String, Double> series = new java.util.LinkedHashMap<>();
        if (q.contains("_bucket")) {
            series.put("\"le\":\"0.25\"", track[0] * (1 - track[2]));
            series.put("\"le\":\"+Inf\"", track[0]);
        } else {
            series.put("\"code\":\"500\"", track[0] * track[1]);
            if (!q.contains("code=~\"5..\"")) {
                series.put("\"code\":\"200\"", track[0] * (1 - track[1]));
            }
        }
        double origin = 1_700_000_000;
        StringBuilder result = new StringBuilder();
        for (Map.Entry<String, Double> s : series.entrySet()) {
            StringBuilder values = new StringBuilder();
            for (double t = Math.ceil((time - seconds) / 15) * 15; t <= time; t += 15) {
                values.append(values.length() == 0 ? "" : ",").append("[").append((long) t).append(",\"")
                        .append(s.getValue() * (t - origin)).append("\"]");
            }
            result.append(result.length() == 0 ? "" : ",").append("{\"metric\":{\"pod\":\"").append(pod)
                    .append("\",").append(s.getKey()).append("},\"values\":[").append(values).append("]}");
        }
        return ScriptedPrometheus.Reply.success("{\"resultType\":\"matrix\",\"result\":[" + result + "]}");
    }

    @Test
    void theDefaultJudgeRollsBackACanaryWorseThanStableAndTheBuildSaysByHowMuchAndOnWhatEvidence()
            throws Exception {
        try (ScriptedPrometheus prometheus = new ScriptedPrometheus()) {
            // The canary at 25 % answers 10 % of its requests with a 5xx, the stable track 0.5 %.
            prometheus.answer(r -> counts(r, new double[] {50, 0.10, 0}, new double[] {150, 0.005, 0}));
            assertThatThrownBy(() -> pipeline("""
                    canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause=5m',
                            prometheusUrl: '%s', auditLog: 'audit.jsonl', kubeconfigCredentialsId: 'prod-kubeconfig')
                    """.formatted(prometheus.url())))
                    .isInstanceOf(PipelineError.class)
                    .hasMessageContaining("canaryRollout: prod/shop RolledBack: check errors-vs-stable failed: "
                            + "5xx answers: canary 10 % (")
                    .hasMessageMatching("(?s).*canary 10 % \\(\\d+/\\d+\\) vs stable 0\\.\\d+ % \\(\\d+/\\d+\\), \\d+× the "
                            + "stable's rate: worse than 1\\.5× and \\+0\\.1 points, evidence \\S+ >= 200 \\(alpha 1 % shared "
                            + "with the canary's pods\\).*")
                    .hasMessageContaining("(check errors-vs-stable: 0.1 against 0.007");
            String trigger = new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status().trigger()
                    .message();
            assertThat(trigger).startsWith("check errors-vs-stable failed: 5xx answers: canary 10 % (")
                    .contains("evidence");
            assertThat(Files.readString(workspace.resolve("audit.jsonl"))).contains(trigger.replace("\"", "\\\""));
        }
    }

    @Test
    void judgesAreArgumentsTooAndTheDefaultOneCanBeTurnedOff() throws Exception {
        try (ScriptedPrometheus prometheus = new ScriptedPrometheus()) {
            // Both tracks alike: 0.5 % 5xx and 5 % of requests slower than 250 ms.
            prometheus.answer(r -> counts(r, new double[] {50, 0.005, 0.05}, new double[] {150, 0.005, 0.05}));
            Object result = pipeline("""
                    return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause=3m',
                            prometheusUrl: '%s', latencyJudge: '250ms', kubeconfigCredentialsId: 'prod-kubeconfig')
                    """.formatted(prometheus.url()));
            assertThat(((Map<?, ?>) result).get("phase")).isEqualTo("Succeeded");
            assertThat(engineCalls().get(0)).contains("'--latency-judge' '250ms'").doesNotContain("--no-default-judge");
            assertThat(new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status().analysis().checks())
                    .extracting(c -> c.name() + "=" + c.verdict())
                    .containsExactly("latency-vs-stable=PASS", "errors-vs-stable=PASS");
            // The judge on requests slower than 250 ms reads the latency histogram's raw bucket counters.
            assertThat(prometheus.requests()).anySatisfy(r -> assertThat(r.query())
                    .startsWith("http_request_duration_seconds_bucket{namespace=\"prod\", service=\"shop\", "
                            + "track=\"canary\"}["));

            Object off = pipeline("""
                    return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:3', steps: '25,pause=1m',
                            prometheusUrl: '%s', defaultJudge: false, checks: ['error-rate<=1%%'],
                            kubeconfigCredentialsId: 'prod-kubeconfig')
                    """.formatted(prometheus.url()));
            assertThat(((Map<?, ?>) off).get("phase")).isEqualTo("Succeeded");
            assertThat(engineCalls().get(1)).contains("'--no-default-judge'");
            assertThat(new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status().analysis().checks())
                    .extracting(c -> c.name()).containsExactly("error-rate");
        }
    }

    @Test
    void anOperatorAbortFailsTheBuildNamingWhoAborted() {
        time.schedule(NOW.plusSeconds(90), () -> new RolloutRecordStore(client).writeCommand("prod", "shop",
                new io.cicdmanager.model.RolloutCommand("c1", io.cicdmanager.model.CommandAction.ABORT, "alice", "pager",
                        NOW.plusSeconds(90), "tui")));
        assertThatThrownBy(() -> pipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '25,pause',
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """))
                .hasMessageContaining("RolledBack")
                .hasMessageContaining("abort by alice: pager by alice");
    }

    @Test
    void aSpecFileInTheWorkspaceIsRunAndBadOnesAreNamed() throws Exception {
        Files.writeString(workspaceFile("rollout.yaml"), """
                name: shop
                namespace: prod
                deployment: shop
                image: shop:3
                strategy: {canary: {steps: [{setWeight: 50}, {pause: 1m}]}}
                """);
        Object result = pipeline("""
                return canaryRollout(spec: 'rollout.yaml', kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(((Map<?, ?>) result).get("phase")).isEqualTo("Succeeded");

        Files.writeString(workspaceFile("bad.yaml"), "name: shop\nnamespace: prod\ndeployment: shop\nimage: x\n"
                + "strategy: {canary: {steps: []}}\n");
        assertThatThrownBy(() -> pipeline("canaryRollout(spec: 'bad.yaml')"))
                .hasMessageContaining("bad.yaml:5").hasMessageContaining("strategy.canary.steps");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> pipeline("canaryRollout(deployment: 'shop', imgae: 'x')"))
                .hasMessageContaining("unknown argument imgae");
        assertThatThrownBy(() -> pipeline("canaryRollout(deployment: 'shop')"))
                .hasMessageContaining("give spec");
        assertThatThrownBy(() -> pipeline("canaryRollout(spec: 'x.yaml', strategy: 'yolo')"))
                .hasMessageContaining("strategy 'yolo'");
        assertThatThrownBy(() -> pipeline("autoRollback(deployment: 'shop')"))
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> pipeline("autoRollback(deployment: 'shop', watch: '5m', triggers: [p99: 2])"))
                .hasMessageContaining("unknown trigger p99");
        assertThatThrownBy(() -> pipeline("autoRollback(namespace: 'prod')"))
                .hasMessageContaining("missing required argument deployment");
    }

    @Test
    void autoRollbackRollsBackNowOrGuardsAWindow() {
        new Workloads(client, "prod").setImage("shop", null, "shop:2");
        controller.reconcile();
        Object guarded = pipeline("""
                return autoRollback(deployment: 'shop', namespace: 'prod', watch: '3m',
                        triggers: [readinessFailures: '10%'], kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(((Map<?, ?>) guarded).get("outcome")).isEqualTo("passed");

        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(2, 0, false));
        assertThatThrownBy(() -> pipeline("""
                autoRollback(deployment: 'shop', namespace: 'prod', watch: '3m', kubeconfigCredentialsId: 'prod-kubeconfig')
                """)).hasMessageContaining("rolled back to shop:1").hasMessageContaining("readiness-failures");

        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(0, 0, false));
        controller.reconcile(); // the Deployment controller acts on the guard's undo between two stages
        Object now = pipeline("""
                return autoRollback(deployment: 'shop', namespace: 'prod', reason: 'bad release',
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(((Map<?, ?>) now).get("outcome")).isEqualTo("rolled-back");
        assertThat(Workloads.container(client.apps().deployments().inNamespace("prod").withName("shop").get(), null)
                .getImage()).isEqualTo("shop:2");
    }

    @Test
    void aGuardedWindowWithNothingToJudgeMarksTheBuildUnstable() {
        new Workloads(client, "prod").setImage("shop", null, "shop:2");
        client.apps().deployments().inNamespace("prod").withName("shop").scale(0);
        controller.reconcile();
        Object guarded = pipeline("""
                return autoRollback(deployment: 'shop', namespace: 'prod', watch: '3m',
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(((Map<?, ?>) guarded).get("outcome")).isEqualTo("unverified");
        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(log).contains("autoRollback: prod/shop not verified: no data to judge readiness-failures");
        assertThat(Workloads.container(client.apps().deployments().inNamespace("prod").withName("shop").get(), null)
                .getImage()).as("nothing rolled back").isEqualTo("shop:2");
    }
}
