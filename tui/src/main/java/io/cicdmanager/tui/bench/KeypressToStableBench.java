package io.cicdmanager.tui.bench;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.rollout.EngineContext;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutEngine;
import io.cicdmanager.rollout.RolloutResult;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.time.SystemSleeper;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.cicdmanager.tui.model.Phase;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The emergency operator's path, timed on the real clock: in the console over SSH, {@code a}, {@code y}, a reason,
 * and from the {@code enter} that sends the abort until the VirtualService sends 100 % of traffic to stable, with
 * the real engine driving an Istio canary held at 50 %. Also times the engine's acknowledgement reaching the
 * operator's screen.
 */
final class KeypressToStableBench {
    static final String NAMESPACE = "bench";
    private static final RolloutKey SHOP = new RolloutKey(NAMESPACE, "shop");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SPEC = """
            name: shop
            namespace: bench
            deployment: shop
            image: registry.example/shop:2
            strategy:
              canary:
                steps: [{setWeight: 50}, {pause: {}}]
            router: {type: istio, virtualService: shop}
            """;

    /** Milliseconds from the key to traffic on stable, and to the acknowledgement on the operator's screen. */
    record Result(double[] toStable, double[] toAcknowledged) {
    }

    private KeypressToStableBench() {
    }

    static Result run(BenchServer server, int runs, Consumer<String> progress) throws Exception {
        KubernetesClient client = server.api().client();
        RolloutSpec spec = new RolloutSpecParser().parseText(SPEC, "bench spec");
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 0), Clock.systemUTC().instant(), Duration.ZERO).seed();
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, NAMESPACE);
        controller.reconcile();
        SharedIndexInformer<Deployment> deployments = controller.watch();
        RolloutRecordStore store = new RolloutRecordStore(client);
        IstioTrafficRouter router = new IstioTrafficRouter(client, NAMESPACE, "shop", List.of(), "stable", "canary",
                null, null);
        ExecutorService engines = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-engine");
            t.setDaemon(true);
            return t;
        });
        double[] toStable = new double[runs];
        double[] toAcknowledged = new double[runs];
        try (BenchClient operator = server.login(120, 30, "bench-screen-operator")) {
            for (int i = 0; i < runs; i++) {
                EngineContext ctx = EngineContext.of(client, null, Clock.systemUTC(), new SystemSleeper(), "bench",
                        "bench-engine-" + i).withStore(store);
                CompletableFuture<RolloutResult> engine = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new RolloutEngine(spec, ctx).run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("bench engine interrupted", e);
                    }
                }, engines);
                awaitHeld(server.backend().board(), engine);
                operator.type("a");
                operator.await(s -> s.text().contains("Abort bench/shop?"), WAIT, "the abort's confirmation");
                operator.type("y");
                operator.await(s -> s.text().contains("Reason for abort of bench/shop:"), WAIT, "the reason prompt");
                operator.type("bench run " + i);
                CountDownLatch onStable = new CountDownLatch(1);
                try (Watch ignored = client.genericKubernetesResources(IstioTrafficRouter.VIRTUAL_SERVICE)
                        .inNamespace(NAMESPACE).withName("shop").watch(new Watcher<GenericKubernetesResource>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource resource) {
                                if (router.actualWeight() == 0) {
                                    onStable.countDown();
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                // the latch times out and the run fails loudly
                            }
                        })) {
                    long pressed = System.nanoTime();
                    operator.type("\r");
                    if (!onStable.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new TimeoutException("run " + i + ": traffic not back on stable within " + WAIT);
                    }
                    toStable[i] = (System.nanoTime() - pressed) / 1e6;
                    operator.await(s -> s.text().contains("✔ engine acknowledged abort of bench/shop"), WAIT,
                            "the engine's acknowledgement");
                    toAcknowledged[i] = (System.nanoTime() - pressed) / 1e6;
                }
                RolloutResult result = engine.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (result.phase() != RolloutPhase.ROLLED_BACK) {
                    throw new IllegalStateException("run " + i + " ended " + result.phase());
                }
                if ((i + 1) % 10 == 0) {
                    progress.accept("  " + (i + 1) + "/" + runs + " aborts");
                }
            }
        } finally {
            engines.shutdownNow();
            deployments.close();
        }
        return new Result(toStable, toAcknowledged);
    }

    /** Waits until the console's board shows the canary held at 50 % with its engine alive: abort can be pressed. */
    private static void awaitHeld(RolloutBoard board, CompletableFuture<RolloutResult> engine) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (board.view().find(SHOP).filter(r -> r.phase() == Phase.PROGRESSING && r.setWeight() == 50
                && r.step() == 2 && r.heartbeatAt().isPresent() && !r.orphaned()).isEmpty()) {
            if (engine.isDone()) {
                engine.get();
                throw new IllegalStateException("the bench engine stopped before holding the canary at 50 %");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the console's board never showed bench/shop held at 50 %");
            }
            CountDownLatch changed = new CountDownLatch(1);
            try (AutoCloseable ignored = board.subscribe(changed::countDown)) {
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        }
    }
}
