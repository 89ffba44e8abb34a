package io.cicdmanager.rollout;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Measures abort latency on the real clock: from the moment an operator's abort is written to the record until
 * the VirtualService sends 100 % of traffic to stable, with the real engine driving an Istio canary held at 50 %
 * against an API server on loopback. The one place the engine runs on the wall clock outside production.
 */
public final class AbortLatencyBench {
    private static final String SPEC = """
            name: bench
            namespace: bench
            deployment: shop
            image: registry.example/shop:2
            strategy:
              canary:
                steps: [{setWeight: 50}, {pause: {}}]
            router: {type: istio, virtualService: shop}
            """;

    /** Latencies in milliseconds, in the order measured. */
    public record Result(double[] millis) {
        public double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        public double mean() {
            return Arrays.stream(millis).average().orElse(Double.NaN);
        }
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Sleeper sleeper;

    /** The engine runs on the clock and sleeper given: the command line's real ones, since wall time is measured. */
    public AbortLatencyBench(KubernetesClient client, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Result run(int runs, Consumer<String> progress) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<Double> latencies = new ArrayList<>();
        try (HeldCanary canary = new HeldCanary(client, clock, sleeper)) {
            RolloutSpec spec = canary.spec();
            for (int i = 0; i < runs; i++) {
                CompletableFuture<RolloutResult> engine = canary.startEngine(i);
                awaitHeldAtHalf(canary.store(), spec, engine);
                int run = i;
                latencies.add(canary.millisToStable(i, () -> canary.store().writeCommand(spec.namespace(), spec.name(),
                        new RolloutCommand(UUID.randomUUID().toString(), CommandAction.ABORT, "bench",
                                "abort latency run " + run, clock.instant(), "bench"))));
                canary.awaitRolledBack(engine, i);
                if ((i + 1) % 10 == 0) {
                    progress.accept("  " + (i + 1) + "/" + runs + " aborts");
                }
            }
        }
        return new Result(latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The canary the abort benchmarks stop again and again: seeded on the API server with the simulated Deployment
     * controller settling it, an engine per run (on the wall clock) holding it at 50 % until aborted, and a watch on
     * its VirtualService that says when all traffic is back on stable. How the abort is sent is the caller's: a
     * record write here, a keypress over SSH in the terminal's benchmark.
     */
    public static final class HeldCanary implements AutoCloseable {
        private static final Duration WAIT = Duration.ofSeconds(30);

        private final KubernetesClient client;
        private final Clock clock;
        private final Sleeper sleeper;
        private final RolloutSpec spec;
        private final SharedIndexInformer<Deployment> controller;
        private final RolloutRecordStore store;
        private final IstioTrafficRouter router;
        private final Watch trafficWatch;
        private volatile CountDownLatch onStable = new CountDownLatch(0);
        // Engines block for a whole run: a thread of their own, not the common pool that others share.
        private final ExecutorService engines = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-engine");
            t.setDaemon(true);
            return t;
        });

        public HeldCanary(KubernetesClient client, Clock clock, Sleeper sleeper) {
            this.client = client;
            this.clock = clock;
            this.sleeper = sleeper;
            this.spec = new RolloutSpecParser().parseText(SPEC, "bench spec");
            new Rehearsal(client, spec, SimulationScenario.healthy(1, 0), clock.instant(), Duration.ZERO)
                    .seed();
            SimulatedDeploymentController deployments = new SimulatedDeploymentController(client, spec.namespace());
            deployments.reconcile();
            this.controller = deployments.watch();
            this.store = new RolloutRecordStore(client);
            this.router = new IstioTrafficRouter(client, spec.namespace(), "shop", List.of(), "stable", "canary", null,
                    null);
            // One watch for every run, open until the benchmark ends: no run pays for opening it.
            this.trafficWatch = client.genericKubernetesResources(IstioTrafficRouter.VIRTUAL_SERVICE)
                    .inNamespace(spec.namespace()).withName("shop").watch(new Watcher<GenericKubernetesResource>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource resource) {
                            if (router.actualWeight() == 0) {
                                onStable.countDown();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            // The run's latch times out and the run fails loudly.
                        }
                    });
        }

        public RolloutSpec spec() {
            return spec;
        }

        public RolloutRecordStore store() {
            return store;
        }

        /** Starts run {@code run}'s engine, which rolls the canary to 50 % and holds it there until aborted. */
        public CompletableFuture<RolloutResult> startEngine(int run) {
            EngineContext ctx = EngineContext.of(client, null, clock, sleeper, "bench",
                    "bench-engine-" + run).withStore(store).withAudit(AuditLog.none());
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new RolloutEngine(spec, ctx).run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("bench engine interrupted", e);
                }
            }, engines);
        }

        /** Milliseconds from calling {@code abort} until the VirtualService sends 100 % of traffic to stable. */
        public double millisToStable(int run, Runnable abort) throws InterruptedException, TimeoutException {
            CountDownLatch stable = new CountDownLatch(1);
            onStable = stable;
            long sent = System.nanoTime();
            abort.run();
            if (!stable.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new TimeoutException("run " + run + ": traffic not back on stable within " + WAIT);
            }
            return (System.nanoTime() - sent) / 1e6;
        }

        /** Waits for the run's engine to end, rolled back, as an abort must leave it. */
        public void awaitRolledBack(CompletableFuture<RolloutResult> engine, int run) throws InterruptedException,
                ExecutionException, TimeoutException {
            RolloutResult result = engine.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (result.phase() != RolloutPhase.ROLLED_BACK) {
                throw new IllegalStateException("run " + run + " ended " + result.phase());
            }
        }

        @Override
        public void close() {
            engines.shutdownNow();
            trafficWatch.close();
            controller.close();
        }
    }

    /** Waits on the wall clock until the engine holds the canary at 50 % in its pause. */
    private static void awaitHeldAtHalf(RolloutRecordStore store, RolloutSpec spec,
            CompletableFuture<RolloutResult> engine) throws InterruptedException, TimeoutException, ExecutionException {
        CountDownLatch held = new CountDownLatch(1);
        try (Watch ignored = store.watch(spec.namespace(), spec.name(), r -> {
            if (isHeld(r)) {
                held.countDown();
            }
        })) {
            if (store.read(spec.namespace(), spec.name()).filter(AbortLatencyBench::isHeld).isPresent()) {
                return;
            }
            while (!held.await(100, TimeUnit.MILLISECONDS)) {
                if (engine.isDone()) {
                    engine.get();
                    throw new IllegalStateException("the bench engine stopped before reaching its pause");
                }
                if (store.read(spec.namespace(), spec.name()).filter(AbortLatencyBench::isHeld).isPresent()) {
                    return;
                }
            }
        }
    }

    private static boolean isHeld(RolloutRecord r) {
        return r.status() != null && r.status().phase() == RolloutPhase.PROGRESSING && r.status().stepIndex() == 1
                && r.status().setWeight() == 50 && r.status().heartbeat() != null;
    }
}
