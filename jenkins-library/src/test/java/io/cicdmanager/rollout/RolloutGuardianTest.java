package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.RolloutTakenOverException;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.VirtualTime;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class RolloutGuardianTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final String NS = "prod";
    static final String SPEC = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            strategy:
              canary:
                steps: [{setWeight: 20}, {pause: 10m}, {setWeight: 50}, {pause: 10m}]
            router: {type: istio, virtualService: shop}
            """;

    KubernetesClient client;
    VirtualTime time;
    SimulatedDeploymentController controller;
    RolloutRecordStore store;
    final List<AuditEntry> audit = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, NS, "shop", "shop:1", 4);
        new Rehearsal(client, new RolloutSpecParser().parseText(SPEC, "s"), SimulationScenario.healthy(1, 100), T0,
                Duration.ofHours(1)).seed();
        time = new VirtualTime(T0);
        controller = new SimulatedDeploymentController(client, NS);
        controller.reconcile();
        time.every(Duration.ofSeconds(1), controller::reconcile);
        store = new RolloutRecordStore(client);
    }

    RolloutEngine engine(String engineId) {
        SimulatedMetricProvider metrics = new SimulatedMetricProvider(SimulationScenario.from(ConfigReader.read(
                "traffic: {rps: 100}", "scenario.yaml")), T0, time.clock(), new WeightTimeline());
        return new RolloutEngine(new RolloutSpecParser().parseText(SPEC, "spec.yaml"),
                EngineContext.of(client, metrics, time.clock(), time, "jenkins", engineId).withAudit(audit::add));
    }

    RolloutGuardian guardian(String identity, Clock clock, boolean resume) {
        return guardian(identity, clock, resume, RolloutGuardian.DEFAULT_GRACE);
    }

    RolloutGuardian guardian(String identity, Clock clock, boolean resume, Duration grace) {
        return new RolloutGuardian(client, store, NS, grace, resume, clock, time, audit::add,
                identity, spec -> new SimulatedMetricProvider(SimulationScenario.healthy(1, 100), T0, time.clock(),
                        new WeightTimeline()));
    }

    int routeWeight() {
        return new IstioTrafficRouter(client, NS, "shop", List.of(), "stable", "canary", null, null).actualWeight();
    }

    RolloutRecord record() {
        return store.read(NS, "shop").orElseThrow();
    }

    /** Runs an engine until {@code at}, where its process is killed (as a lost agent would be). */
    void killedAt(String engineId, Instant at) {
        Thread runner = Thread.currentThread();
        time.schedule(at, runner::interrupt);
        assertThatThrownBy(() -> engine(engineId).run()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aCanaryWhoseEngineDiedIsRolledBackOnceItsHeartbeatLapsedPastTheGrace() throws Exception {
        killedAt("engine-a", T0.plusSeconds(120));
        assertThat(routeWeight()).isEqualTo(20);
        RolloutGuardian guardian = guardian("guardian-1", time.clock(), false);

        time.sleep(Duration.ofSeconds(30));
        assertThat(guardian.sweep(Runnable::run, log::add)).as("30 s is within the grace").isEmpty();
        time.sleep(Duration.ofSeconds(45));
        List<RolloutGuardian.Action> acted = guardian.sweep(Runnable::run, log::add);

        assertThat(acted).singleElement().satisfies(a -> assertThat(a.what()).isEqualTo("rollback"));
        RolloutStatus s = record().status();
        assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(s.trigger().check()).isEqualTo("heartbeat");
        assertThat(s.trigger().message()).contains("engine engine-a stopped beating");
        assertThat(s.transitions()).last().satisfies(t -> assertThat(t.actor()).isEqualTo("guardian-1"));
        assertThat(routeWeight()).isZero();
        assertThat(client.apps().deployments().inNamespace(NS).withName("shop-canary").get().getSpec().getReplicas())
                .isZero();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("rolled back: RolledBack"));
        assertThat(guardian.sweep(Runnable::run, log::add)).as("nothing left to do").isEmpty();
    }

    @Test
    void withResumeTheGuardianCarriesTheRolloutOnFromItsRecordedStep() throws Exception {
        killedAt("engine-a", T0.plusSeconds(120));
        time.sleep(Duration.ofSeconds(90));
        guardian("guardian-1", time.clock(), true).sweep(Runnable::run, log::add);
        RolloutStatus s = record().status();
        assertThat(s.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(s.heartbeat().engine()).startsWith("guardian-1");
        assertThat(audit).anySatisfy(a -> assertThat(a.action()).isEqualTo("resume"));
        // the pause the dead engine had begun went on where it stood, not from its start
        assertThat(Duration.between(T0, s.finishedAt())).isLessThan(Duration.ofMinutes(24));
    }

    @Test
    void ofTwoGuardiansFindingTheSameOrphanExactlyOneActs() throws Exception {
        killedAt("engine-a", T0.plusSeconds(120));
        Clock later = Clock.fixed(time.now().plusSeconds(90), ZoneOffset.UTC);
        RolloutGuardian first = guardian("guardian-1", later, false);
        RolloutGuardian second = guardian("guardian-2", later, false);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> {
                together.await();
                return first.sweep(Runnable::run, log::add);
            });
            Future<?> b = pool.submit(() -> {
                together.await();
                return second.sweep(Runnable::run, log::add);
            });
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(record().status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(audit).filteredOn(e -> "Aborting".equals(e.outcome())).singleElement()
                .satisfies(e -> assertThat(e.actor()).isIn("guardian-1", "guardian-2"));
        assertThat(record().status().transitions()).filteredOn(t -> t.to() == RolloutPhase.ABORTING).hasSize(1);
    }

    @Test
    void anEngineThatComesBackAfterTheGuardianTookOverChangesNothingMore() throws Exception {
        RolloutGuardian guardian = guardian("guardian-1", time.clock(), false, RolloutGuardian.MIN_GRACE);
        List<Integer> weightAfterTakeover = new ArrayList<>();
        // At 3 minutes engine-a stalls for 30 s (a frozen agent): meanwhile the guardian finds it orphaned and acts.
        time.schedule(T0.plusSeconds(180), () -> {
            try {
                time.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            guardian.sweep(Runnable::run, log::add);
            weightAfterTakeover.add(routeWeight());
        });
        assertThatThrownBy(() -> engine("engine-a").run()).isInstanceOf(RolloutTakenOverException.class)
                .hasMessageContaining("guardian-1");
        RolloutStatus s = record().status();
        assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(weightAfterTakeover).containsExactly(0);
        assertThat(routeWeight()).as("engine-a moved no weight after it woke").isZero();
        assertThat(audit).filteredOn(e -> !e.time().isBefore(T0.plusSeconds(210))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("guardian-1"));
    }

    @Test
    void aRolloutHeldOnASignalIsLeftForAPerson() throws Exception {
        RolloutEngine engine = engine("engine-a");
        time.schedule(T0.plusSeconds(120), () -> engine.interrupt("SIGTERM", 15, OnInterrupt.HOLD));
        RolloutResult held = engine.run();
        assertThat(held.phase()).isEqualTo(RolloutPhase.PAUSED);
        time.sleep(Duration.ofMinutes(5));
        List<RolloutGuardian.Action> actions = guardian("guardian-1", time.clock(), false).sweep(Runnable::run,
                log::add);
        assertThat(actions).singleElement().satisfies(a -> assertThat(a.outcome()).contains("held"));
        assertThat(record().status().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(routeWeight()).isEqualTo(20);
    }

    @Test
    void aGraceShorterThanAStaleHeartbeatIsRefused() {
        assertThatThrownBy(() -> new RolloutGuardian(client, store, NS, Duration.ofSeconds(5), false, time.clock(),
                time, audit::add, "g", spec -> null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--grace must be at least 15s");
    }

    @Test
    void anEngineWaitingForTheOrphanThatTheGuardianRollsBackStartsAfreshFromTheImageStableIsBackOn() throws Exception {
        String rolling = SPEC.replace("""
                strategy:
                  canary:
                    steps: [{setWeight: 20}, {pause: 10m}, {setWeight: 50}, {pause: 10m}]
                router: {type: istio, virtualService: shop}
                """, """
                strategy:
                  rolling:
                    analysis: {interval: 30s, checks: [{metric: error-rate, max: 1%}]}
                """);
        SimulatedMetricProvider metrics = new SimulatedMetricProvider(SimulationScenario.healthy(1, 100), T0,
                time.clock(), new WeightTimeline());
        RolloutSpec spec = new RolloutSpecParser().parseText(rolling, "spec.yaml");
        // engine-a dies in the middle of the rolling update, the Deployment on shop:2
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.allUnready(false));
        Thread runner = Thread.currentThread();
        time.schedule(T0.plusSeconds(20), runner::interrupt);
        assertThatThrownBy(() -> new RolloutEngine(spec, EngineContext.of(client, metrics, time.clock(), time,
                "jenkins", "engine-a").withAudit(audit::add)).run()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        controller.setImageFaults("shop:2", SimulatedDeploymentController.PodFaults.NONE);
        // The pipeline is run again; while its engine waits for engine-a's heartbeat to go stale, the guardian
        // rolls the orphan back, so the new engine finds it finished and starts the release afresh.
        Instant lastBeat = record().status().heartbeat().at();
        time.schedule(lastBeat.plus(RolloutGuardian.MIN_GRACE).plusMillis(500), () -> guardian("guardian-1",
                time.clock(), false, RolloutGuardian.MIN_GRACE).sweep(Runnable::run, log::add));
        RolloutResult again = new RolloutEngine(spec, EngineContext.of(client, metrics, time.clock(), time, "jenkins",
                "engine-b").withAudit(audit::add)).run();

        assertThat(audit).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("RolledBack"));
        assertThat(again.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(again.status().transitions().get(0).at()).as("a new rollout").isAfter(lastBeat);
        assertThat(audit).filteredOn(e -> e.action().equals("start")).last()
                .satisfies(e -> assertThat(e.details()).containsEntry("stableImage", "shop:1"));
    }
}
