package io.cicdmanager.cli;

import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.rollout.OnInterrupt;
import io.cicdmanager.rollout.RolloutEngine;
import io.cicdmanager.rollout.RolloutResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a running {@code cicd canary|bluegreen|rolling} does when its process is signalled (a Jenkins abort or
 * timeout sends SIGTERM; Ctrl-C, SIGINT). The first signal asks the engine to roll back to stable, or to hold
 * where it stands, as {@code onInterrupt} says; the engine acts within a doorbell slice and the command ends as for
 * any rollback (the result file written, exit 1). If that takes longer than {@code timeout}, the process writes the
 * result as the record stands (say Aborting) and exits 1 anyway: the record tells the next engine, the guardian or
 * {@code cicd rollback} where to go on. A second signal does the same at once, exit 128 + its number. Every record
 * write is whole, so the record is consistent whenever the process ends.
 */
final class RolloutInterrupts implements ProcessSignals.Listener {
    private final RolloutEngine engine;
    private final OnInterrupt action;
    private final Duration timeout;
    private final Consumer<RolloutResult> report;
    private final PrintWriter err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean reported = new AtomicBoolean();

    RolloutInterrupts(RolloutEngine engine, OnInterrupt action, Duration timeout, Consumer<RolloutResult> report,
            PrintWriter err) {
        this.engine = engine;
        this.action = action;
        this.timeout = timeout;
        this.report = report;
        this.err = err;
    }

    /** Reports the rollout's result, once, whoever gets here first: the command, the timeout or a second signal. */
    boolean report(RolloutResult result) {
        if (!reported.compareAndSet(false, true)) {
            return false;
        }
        try {
            report.accept(result);
        } finally {
            finished.countDown();
        }
        return true;
    }

    @Override
    public void signalled(String signal, int number, int count) {
        if (count == 1) {
            err.println(signal + " received: " + (action == OnInterrupt.HOLD ? "holding the rollout where it stands"
                    : "rolling the release back to stable") + " (at most " + timeout.toSeconds() + " s; a second "
                    + signal + " stops at once)");
            err.flush();
            engine.interrupt(signal, number, action);
            Thread watchdog = new Thread(() -> {
                try {
                    if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        stopNow("the " + action.wireName() + " after " + signal + " took longer than "
                                + timeout.toSeconds() + " s", ExitCode.FAILED);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cicd-interrupt-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        } else {
            stopNow("a second " + signal, 128 + number);
        }
    }

    /** Ends the process where the rollout stands, the result file saying so. */
    private void stopNow(String why, int exitCode) {
        RolloutStatus status = engine.status();
        if (status == null || !report(new RolloutResult(status.phase(), status.trigger(), RolloutEngine.ENGINE_ACTOR, why + ": stopped "
                    + status.phase() + "; the record says where to go on (cicd status, cicd rollback)",
                    status.setWeight(), status))) {
            try {
                // the command is writing its own result: let it finish the file
                finished.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        err.println("stopped by " + why + (status == null ? "" : " while " + status.phase()));
        err.flush();
        Runtime.getRuntime().halt(exitCode);
    }
}
