package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.analysis.InstrumentedService.Behaviour;
import io.cicdmanager.analysis.InstrumentedService;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricQuery;
import io.cicdmanager.analysis.PrometheusMetricProvider;
import io.cicdmanager.analysis.PrometheusProcess;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.SystemSleeper;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real canaries judged through a real {@code prometheus}: the engine on the real clock against the CRUD API server,
 * Prometheus scraping every second a service instrumented with Prometheus' Java client whose tracks fail and slow
 * down as each test says. Three canaries at once, each in its own namespace: a healthy one is promoted through
 * the thresholds and both judges; one answering 20 % 5xx is rolled back by its error-rate threshold; one answering
 * 2 % 5xx, under that threshold but ten times the stable track's, is rolled back by the default judge.
 */
@InProcessKubernetes
class CanaryThroughPrometheusIT {
    /** The one real clock of these tests: the real prometheus scrapes and answers in wall time. */
    private static final Clock WALL = Clock.systemUTC();

    private static final String SPEC = """
            name: shop
            namespace: %s
            deployment: shop
            image: shop:2
            strategy:
              canary:
                steps: [{setWeight: 20}, {pause: %s}, {setWeight: 50}, {pause: %s}]
                analysis:
                  interval: 3s
                  initialDelay: 3s
                  checks:
                    - {name: error-rate, metric: error-rate, max: 5%%}
            %s
            prometheus: {url: '%s'}
            progressDeadline: 1m
            """;

    KubernetesClient client;

    @TempDir
    Path dir;

    private static Behaviour track(double errorShare) {
        // 100 requests/s, 5 % of them slow (400 ms, above the 250 ms bucket), the rest 40 ms.
        return new Behaviour(100, errorShare, 0.04, 0.4, 0.05);
    }

    /** A rollout's engine in its namespace, run on its own thread; the record and the audit trail kept. */
    private final class Canary {
        final String namespace;
        final String spec;
        final List<AuditEntry> audit = Collections.synchronizedList(new ArrayList<>());
        RolloutResult result;
        Duration took;

        Canary(String namespace, String spec) {
            this.namespace = namespace;
            this.spec = spec;
            client.apps().deployments().inNamespace(namespace)
                    .resource(KubeFixtures.deployment(namespace, "shop", "shop:1", 4)).create();
            client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("shop")
                    .endMetadata().withNewSpec().addToSelector("app", "shop").endSpec().build()).create();
        }

        Canary run(MetricProvider metrics) throws InterruptedException {
            RolloutSpec parsed = new RolloutSpecParser().parseText(spec, namespace + ".yaml");
            EngineContext ctx = EngineContext.of(client, metrics, WALL, new SystemSleeper(), "it",
                    "it-" + namespace).withAudit(audit::add);
            Instant start = WALL.instant();
            result = new RolloutEngine(parsed, ctx).run();
            took = Duration.between(start, WALL.instant());
            return this;
        }

        RolloutStatus.Trigger trigger() {
            return result.trigger();
        }
    }

    @Test
    void aHealthyCanaryIsPromotedAndBadOnesAreRolledBackByTheThresholdOrByTheJudge() throws Exception {
        PrometheusProcess.binary();
        Map<String, double[]> errorShares = Map.of("healthy", new double[] {0.005, 0.005},
                "errors", new double[] {0.005, 0.20}, "subtle", new double[] {0.002, 0.02});
        List<InstrumentedService> services = new ArrayList<>();
        List<SharedIndexInformer<?>> controllers = new ArrayList<>();
        ExecutorService engines = Executors.newFixedThreadPool(3);
        try {
            List<String> targets = new ArrayList<>();
            for (Map.Entry<String, double[]> e : errorShares.entrySet()) {
                InstrumentedService service = new InstrumentedService(e.getKey(), "shop", "code",
                        track(e.getValue()[0]), track(e.getValue()[1]));
                services.add(service);
                targets.addAll(service.targets());
            }
            try (PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"), targets, null)) {
                PrometheusMetricProvider metrics = new PrometheusMetricProvider(
                        io.cicdmanager.analysis.PrometheusConfig.at(prometheus.url()), null, HttpClient.newHttpClient());
                // Two minutes of scrapes of every target first: the judges read the stable track's recent past to
                // learn how its failures cluster, as they would read hours of it in production.
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> prometheus
                        .targetsUp() == targets.size());
                Instant scraping = WALL.instant();
                await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(1))
                        .until(() -> Duration.between(scraping, WALL.instant()).toSeconds() >= 120);

                String judges = "        - {name: errors-vs-stable, judge: sequential, metric: error-rate, maxIncrease: 1%}\n"
                        + "        - {name: latency-vs-stable, judge: sequential, metric: slow-count, le: 250ms}";
                Canary healthy = new Canary("healthy", SPEC.formatted("healthy", "12s", "12s", judges,
                        prometheus.url()));
                Canary errors = new Canary("errors", SPEC.formatted("errors", "1m", "1m", "", prometheus.url()));
                Canary subtle = new Canary("subtle", SPEC.formatted("subtle", "1m", "1m", "", prometheus.url()));
                for (String namespace : errorShares.keySet()) {
                    SimulatedDeploymentController controller = new SimulatedDeploymentController(client, namespace);
                    controller.reconcile();
                    controllers.add(controller.watch());
                }
                List<Future<Canary>> running = new ArrayList<>();
                for (Canary c : List.of(healthy, errors, subtle)) {
                    running.add(engines.submit(() -> c.run(metrics)));
                }
                for (Future<Canary> f : running) {
                    f.get(2, TimeUnit.MINUTES);
                }

                assertThat(healthy.result.phase()).as(String.valueOf(healthy.result.status().message()))
                        .isEqualTo(RolloutPhase.SUCCEEDED);
                assertThat(healthy.result.status().analysis().checks()).extracting(c -> c.name() + "=" + c.verdict())
                        .containsExactly("error-rate=PASS", "errors-vs-stable=PASS", "latency-vs-stable=PASS");

                assertThat(errors.result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
                assertThat(errors.trigger().check()).isEqualTo("error-rate");
                assertThat(errors.trigger().value()).isBetween(0.10, 0.30);
                assertThat(errors.trigger().threshold()).isEqualTo(0.05);
                assertThat(errors.took).isLessThan(Duration.ofSeconds(30));

                assertThat(subtle.result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
                assertThat(subtle.trigger().check()).isEqualTo("errors-vs-stable");
                assertThat(subtle.trigger().value()).isBetween(0.01, 0.03);
                assertThat(subtle.trigger().message()).startsWith("check errors-vs-stable failed: 5xx answers: canary ")
                        .containsPattern("canary \\d(\\.\\d)? % \\(\\d+/\\d+\\) vs stable 0\\.\\d+ % \\(\\d+/\\d+\\)")
                        .contains("worse than 1.5× and +0.1 points, evidence").contains("(alpha 1 % shared with the "
                                + "canary's pods)");
                assertThat(subtle.took).as("rolled back before its first one-minute step ended")
                        .isLessThan(Duration.ofSeconds(55));
                assertThat(subtle.result.status().analysis().checks()).extracting(c -> c.name() + "=" + c.verdict())
                        .containsExactly("error-rate=PASS", "errors-vs-stable=FAIL");
                assertThat(subtle.audit).filteredOn(a -> a.action().equals("transition")
                        && a.outcome().equals("Aborting")).singleElement()
                        .satisfies(a -> assertThat(a.reason()).isEqualTo(subtle.trigger().message()));
            }
        } finally {
            engines.shutdownNow();
            controllers.forEach(SharedIndexInformer::close);
            services.forEach(InstrumentedService::close);
        }
    }
}
