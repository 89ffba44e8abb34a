package io.cicdmanager.steps;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * The one thread of Jenkins' CPS VM: however many parallel branches there are, only one runs Groovy at a time,
 * and they take turns at step calls, when a step waits (a shell, an input, a poll). Branch threads here hold this
 * while they run Groovy and let go while a step waits.
 */
final class CpsVm {
    private final Semaphore groovy = new Semaphore(1);

    void enter() {
        groovy.acquireUninterruptibly();
    }

    void leave() {
        groovy.release();
    }

    /** Lets the other branches run Groovy while {@code wait} blocks. */
    <T> T waiting(Callable<T> wait) throws Exception {
        leave();
        try {
            return wait.call();
        } finally {
            enter();
        }
    }
}
