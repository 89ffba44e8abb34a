package io.cicdmanager.tui.bench;

import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.rollout.AbortLatencyBench.HeldCanary;
import io.cicdmanager.rollout.RolloutResult;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The emergency operator's path, timed on the real clock: in the console over SSH, {@code a}, {@code y}, a reason,
 * and from the {@code enter} that sends the abort until the VirtualService sends 100 % of traffic to stable, with
 * the real engine driving an Istio canary held at 50 % (the engine's own benchmark's canary). Also times the
 * engine's acknowledgement reaching the operator's screen.
 */
final class KeypressToStableBench {
    /** The namespace of the engine benchmark's canary. */
    static final String NAMESPACE = "bench";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Milliseconds from the key to traffic on stable, and to the acknowledgement on the operator's screen. */
    record Result(double[] toStable, double[] toAcknowledged) {
    }

    private KeypressToStableBench() {
    }

    static Result run(BenchServer server, int runs, Consumer<String> progress) throws Exception {
        double[] toStable = new double[runs];
        double[] toAcknowledged = new double[runs];
        try (HeldCanary canary = server.heldCanary();
                BenchClient operator = server.login(120, 30, "bench-screen-operator")) {
            RolloutKey key = new RolloutKey(canary.spec().namespace(), canary.spec().name());
            for (int i = 0; i < runs; i++) {
                CompletableFuture<RolloutResult> engine = canary.startEngine(i);
                awaitHeld(server.backend().board(), key, engine);
                operator.type("a");
                operator.await(s -> s.text().contains("Abort " + key + "?"), WAIT, "the abort's confirmation");
                operator.type("y");
                operator.await(s -> s.text().contains("Reason for abort of " + key + ":"), WAIT, "the reason prompt");
                operator.type("bench run " + i);
                long[] pressed = new long[1];
                toStable[i] = canary.millisToStable(i, () -> {
                    pressed[0] = System.nanoTime();
                    try {
                        operator.type("\r");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                operator.await(s -> s.text().contains("✔ engine acknowledged abort of " + key), WAIT,
                        "the engine's acknowledgement");
                toAcknowledged[i] = (System.nanoTime() - pressed[0]) / 1e6;
                canary.awaitRolledBack(engine, i);
                if ((i + 1) % 10 == 0) {
                    progress.accept("  " + (i + 1) + "/" + runs + " aborts");
                }
            }
        }
        return new Result(toStable, toAcknowledged);
    }

    /** Waits until the console's board shows the canary held at 50 % with its engine alive: abort can be pressed. */
    private static void awaitHeld(RolloutBoard board, RolloutKey key, CompletableFuture<RolloutResult> engine)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (board.view().find(key).filter(r -> r.phase() == RolloutPhase.PROGRESSING && r.setWeight() == 50
                && r.step() == 2 && r.heartbeatAt().isPresent() && !r.orphaned()).isEmpty()) {
            if (engine.isDone()) {
                engine.get();
                throw new IllegalStateException("the bench engine stopped before holding the canary at 50 %");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the console's board never showed " + key + " held at 50 %; it shows "
                        + board.view().find(key).map(r -> r.phase().wireName() + " at step " + r.step() + ", "
                                + r.setWeight() + " %" + (r.orphaned() ? ", orphaned" : "")).orElse("nothing"));
            }
            CountDownLatch changed = new CountDownLatch(1);
            try (AutoCloseable ignored = board.subscribe(changed::countDown)) {
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        }
    }
}
