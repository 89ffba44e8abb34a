package io.cicdmanager.tui;

import java.util.concurrent.CountDownLatch;

/** Waits for the end of a command that runs until stopped: the JVM shutting down (ctrl-c), or an interrupt. */
final class Stoppable {
    private Stoppable() {
    }

    static void awaitShutdown() {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(stopped::countDown, "cicd-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down, which is why we stopped
            }
        }
    }
}
