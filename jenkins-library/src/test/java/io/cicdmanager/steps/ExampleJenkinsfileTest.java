package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.analysis.ScriptedPrometheus;
import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/examples/Jenkinsfile, whole, as a team would run it: the library's steps with the real engine against the
 * in-process API server (staging and production) and a Prometheus that answers for the canary and the stable
 * track, real git, a real SQLite DORA store. The build tools it calls (Maven, docker, semgrep, trivy, gitleaks, k6)
 * are stand-ins on the agent's PATH that write what those tools write.
 */
@InProcessKubernetes
class ExampleJenkinsfileTest extends PipelineTestBase {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();

    KubernetesClient client;
    VirtualTime time;
    ScriptedPrometheus prometheus;
    GitRepository repository;
    Path tools;

    @BeforeEach
    void teamSetup() throws Exception {
        // The release running before this pipeline, in both environments.
        SimulatedCluster cluster = SimulatedCluster.start(client, NOW, "checkout", "registry.example/checkout:1.4.1", 4,
                "staging", "prod");
        time = cluster.time;
        useVirtualTime(time);
        credentials.put("staging-kubeconfig", cluster.kubeconfig(sandbox, "staging").toString());
        credentials.put("prod-kubeconfig", cluster.kubeconfig(sandbox, "prod").toString());
        credentials.put("dora-db", Map.of("username", "dora", "password", "not-used-by-sqlite"));

        prometheus = new ScriptedPrometheus();
        healthyCanary();
        env().put("PROMETHEUS_URL", prometheus.url());
        env().put("CICD_DORA_DB", "dora.db");
        getBinding().setVariable("scm", Map.of("$class", "GitSCM"));

        tools = Files.createDirectories(sandbox.resolve("tools"));
        agentEnv.put("PATH", tools + ":" + agentEnv.get("PATH"));
        tool("docker", "echo \"docker $*\" >> " + sandbox.resolve("docker.log") + "\n");
        tool("semgrep", "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done\n"
                + "printf '%s' '{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"Semgrep OSS\","
                + " \"rules\": []}}, \"results\": []}]}' > \"$out\"\n");
        tool("trivy", "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=$2; shift; done\n"
                + "printf '%s' '{\"SchemaVersion\": 2, \"ArtifactName\": \".\", \"ArtifactType\": \"filesystem\","
                + " \"Results\": [{\"Target\": \"pom.xml\", \"Class\": \"lang-pkgs\", \"Type\": \"pom\"}]}' > \"$out\"\n");
        tool("gitleaks", "while [ $# -gt 0 ]; do [ \"$1\" = --report-path ] && out=$2; shift; done\n"
                + "echo '[]' > \"$out\"\n");
        tool("k6", "while [ $# -gt 0 ]; do [ \"$1\" = --summary-export ] && out=$2; shift; done\n"
                + "cp " + FIXTURES.resolve("k6/summary-export.json") + " \"$out\"\n");

        // The service's repository, as checkout scm leaves it in the workspace.
        repository = new GitRepository(workspace);
        repository.git("init", "-q");
        write("version.txt", "1.4.2");
        Path jacoco = sandbox.resolve("jacoco.xml");
        Files.writeString(jacoco, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><report name=\"checkout\">"
                + "<counter type=\"BRANCH\" missed=\"4\" covered=\"16\"/><counter type=\"LINE\" missed=\"9\""
                + " covered=\"91\"/></report>");
        write("mvnw", """
                #!/bin/sh
                case "$*" in
                  *help:evaluate*) cat version.txt ;;
                  *package*) if [ -f broken ]; then echo 'COMPILATION ERROR: Cart.java:[12,5] ; expected'; exit 1; fi ;;
                  *verify*)
                    mkdir -p target/surefire-reports target/site/jacoco
                    cp %s target/surefire-reports/TEST-calc.CalculatorTest.xml
                    cp %s target/site/jacoco/jacoco.xml ;;
                esac
                """.formatted(FIXTURES.resolve("junit/surefire-TEST-calc.CalculatorTest.xml"), jacoco));
        write("ci/smoke.sh", "#!/bin/sh\necho \"smoke: $1 answers\"\n");
        write("load/checkout.js", "export default function () {}\n");
        Files.setPosixFilePermissions(workspaceFile("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(workspaceFile("ci/smoke.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        repository.git("add", ".");
        repository.gitAt("2026-11-26T09:00:00Z", "commit", "-q", "-m", "checkout 1.4.2");
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.close();
    }

    private void tool(String name, String body) throws IOException {
        Path tool = tools.resolve(name);
        Files.writeString(tool, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(workspaceFile(file).getParent());
        Files.writeString(workspaceFile(file), text);
    }

    /** Both tracks answer alike: 0.5 % errors, 5 % of requests slower than 250 ms, P95 200 ms. */
    private void healthyCanary() {
        prometheus.answer(r -> service(r, new double[] {50, 0.005, 0.05, 0.2}, new double[] {150, 0.005, 0.05, 0.2}));
    }

    /**
     * The service as Prometheus shows it, per track {requests per second, share of 5xx, share slower than 250 ms,
     * P95 in seconds}: the error rate and P95 the threshold checks ask for, the counts the judges ask for.
     */
    static ScriptedPrometheus.Reply service(ScriptedPrometheus.Request request, double[] canary, double[] stable) {
        String q = request.query();
        double[] track = q.contains("track=\"canary\"") ? canary : stable;
        if (q.startsWith("histogram_quantile(0.95")) {
            return ScriptedPrometheus.Reply.vector(String.valueOf(track[3]));
        }
        if (q.contains("sum(rate(") && q.contains("/ sum(rate(")) {
            return ScriptedPrometheus.Reply.vector(String.valueOf(track[1]));
        }
        return RolloutStepsTest.counts(request, canary, stable);
    }



    private Object build(int number) throws IOException {
        env().put("BUILD_NUMBER", String.valueOf(number));
        env().put("BUILD_URL", "https://jenkins.example/job/checkout/" + number + "/");
        return runPipeline(Files.readString(REPOSITORY.resolve("docs/examples/Jenkinsfile")));
    }

    private String image(String namespace) {
        return Workloads.container(client.apps().deployments().inNamespace(namespace).withName("checkout").get(), null)
                .getImage();
    }

    private DoraStore dora() {
        return JdbcDoraStore.open(DoraDatabase.sqlite(workspace.resolve("dora.db")));
    }

    @Test
    void aHealthyReleaseGoesThroughEveryStageToProductionAndIsRecorded() throws Exception {
        String head = repository.git("rev-parse", "HEAD");
        build(1);
        assertThat(image("staging")).isEqualTo("registry.example/checkout:1.4.2");
        assertThat(image("prod")).isEqualTo("registry.example/checkout:1.4.2");
        assertThat(Files.readString(sandbox.resolve("docker.log")))
                .contains("docker build -t registry.example/checkout:1.4.2 .", "docker push registry.example/checkout:1.4.2");
        assertThat(junitCalls).hasSize(2);
        assertThat(log).contains("[Pipeline] stage Quality gate", "### Quality gate: ✅ PASSED",
                "canaryRollout: staging/checkout Succeeded (registry.example/checkout:1.4.2)",
                "smoke: https://checkout.staging.example answers",
                "canaryRollout: prod/checkout Succeeded (registry.example/checkout:1.4.2)",
                "recorded deployment https://jenkins.example/job/checkout/1/#checkout@prod");
        assertThat(engineCalls()).anySatisfy(call -> assertThat(call).startsWith("'canary'")
                .contains("'--latency-judge' '250ms'").contains("'--prometheus-url' '" + prometheus.url() + "'"));
        try (DoraStore store = dora()) {
            Deployment d = store.deployment("https://jenkins.example/job/checkout/1/#checkout@prod").orElseThrow();
            assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(d.commitSha()).isEqualTo(head);
            assertThat(d.team()).isEqualTo("payments");
        }
    }

    @Test
    void aCanaryWorseThanStableIsRolledBackFailsTheBuildAndCountsAsAFailedChange() throws Exception {
        build(1);
        write("version.txt", "1.4.3");
        repository.gitAt("2026-11-26T10:00:00Z", "commit", "-q", "-am", "checkout 1.4.3");
        // The canary at 5 % answers 0.9 % of its requests with a 5xx, the stable track 0.1 %: within the error-rate
        // check's 1 %, but worse than stable, which the judge sees as evidence accumulates.
        prometheus.answer(r -> service(r, new double[] {10, 0.009, 0.05, 0.2}, new double[] {190, 0.001, 0.05, 0.2}));
        assertThatThrownBy(() -> build(2))
                .isInstanceOf(PipelineError.class)
                .hasMessageStartingWith("canaryRollout: prod/checkout RolledBack: check errors-vs-stable failed");
        assertThat(image("staging")).isEqualTo("registry.example/checkout:1.4.3");
        assertThat(image("prod")).as("production is back on the last good release").isEqualTo("registry.example/checkout:1.4.2");
        try (DoraStore store = dora()) {
            assertThat(store.deployment("https://jenkins.example/job/checkout/2/#checkout@prod").orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILURE);
        }
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    void aBuildThatNeverDeploysIsNoDeploymentInDora() throws Exception {
        write("broken", "");
        assertThatThrownBy(() -> build(1)).hasMessage("script returned exit code 1");
        assertThat(log).contains("COMPILATION ERROR").doesNotContain("[Pipeline] stage DORA");
        assertThat(image("staging")).isEqualTo("registry.example/checkout:1.4.1");
        try (DoraStore store = dora()) {
            assertThat(store.deployment("https://jenkins.example/job/checkout/1/#checkout@prod")).isEmpty();
        }
    }
}
