package io.cicdmanager.rollout;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.CommandAction;
import io.cicdmanager.kube.RolloutCommand;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutRecord;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Measures abort latency on the real clock: from the moment an operator's abort is written to the record until
 * the VirtualService sends 100 % of traffic to stable, with the real engine driving an Istio canary held at 50 %
 * against an API server on loopback. The engine runs on the clock and sleeper it is given: the command line's
 * real ones, since latency on a wall clock is what is being measured.
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

    public AbortLatencyBench(KubernetesClient client, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Result run(int runs, Consumer<String> progress) throws InterruptedException, ExecutionException,
            TimeoutException {
        RolloutSpec spec = new RolloutSpecParser().parseText(SPEC, "bench spec");
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 0), clock.instant(), Duration.ZERO).seed();
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, spec.namespace());
        controller.reconcile();
        SharedIndexInformer<Deployment> informer = controller.watch();
        RolloutRecordStore store = new RolloutRecordStore(client);
        IstioTrafficRouter router = new IstioTrafficRouter(client, spec.namespace(), "shop", List.of(), "stable",
                "canary", null, null);
        List<Double> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                EngineContext ctx = EngineContext.of(client, null, clock, sleeper, "bench",
                        "bench-engine-" + i).withStore(store).withAudit(AuditLog.none());
                CompletableFuture<RolloutResult> engine = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new RolloutEngine(spec, ctx).run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("bench engine interrupted", e);
                    }
                });
                awaitHeldAtHalf(store, spec, engine);
                CountDownLatch onStable = new CountDownLatch(1);
                try (Watch ignored = client.genericKubernetesResources(IstioTrafficRouter.VIRTUAL_SERVICE)
                        .inNamespace(spec.namespace()).withName("shop").watch(new Watcher<GenericKubernetesResource>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource resource) {
                                if (router.actualWeight() == 0) {
                                    onStable.countDown();
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                // The latch times out and the run fails loudly.
                            }
                        })) {
                    long written = System.nanoTime();
                    store.writeCommand(spec.namespace(), spec.name(), new RolloutCommand(UUID.randomUUID().toString(),
                            CommandAction.ABORT, "bench", "abort latency run " + i, clock.instant(), "bench"));
                    if (!onStable.await(30, TimeUnit.SECONDS)) {
                        throw new TimeoutException("run " + i + ": traffic not back on stable within 30 s");
                    }
                    latencies.add((System.nanoTime() - written) / 1e6);
                }
                RolloutResult result = engine.get(30, TimeUnit.SECONDS);
                if (result.phase() != RolloutPhase.ROLLED_BACK) {
                    throw new IllegalStateException("run " + i + " ended " + result.phase());
                }
                if ((i + 1) % 10 == 0) {
                    progress.accept("  " + (i + 1) + "/" + runs + " aborts");
                }
            }
        } finally {
            informer.close();
        }
        return new Result(latencies.stream().mapToDouble(Double::doubleValue).toArray());
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
