package io.cicdmanager.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT for a {@code cicd} process: what a Jenkins abort or timeout sends to the {@code sh} step's
 * processes, and Ctrl-C. By default, as the JVM would, the process exits 128 + the signal's number; a command that
 * must finish something first (a rollout rolling back or holding) registers a {@link Listener} for as long as it
 * runs. Installed only by the process's own {@code main}: a command run in-process (the shell, the step tests) never
 * takes the host's signals.
 *
 * <p>The JVM's own handling of these signals starts its shutdown, during which a second signal cannot end the
 * process; so the handlers are set with {@code sun.misc.Signal} (module {@code jdk.unsupported}, there for exactly
 * this), through reflection, which keeps the compiler's warnings about it out of the build.
 */
public final class ProcessSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);
    private static final AtomicReference<Listener> LISTENER = new AtomicReference<>();
    private static final AtomicInteger RECEIVED = new AtomicInteger();
    private static volatile boolean installed;

    /** What the running command does on a signal; {@code count} is 1 for the first one, 2 for the second… */
    @FunctionalInterface
    public interface Listener {
        void signalled(String signal, int number, int count);
    }

    private ProcessSignals() {
    }

    /** Takes SIGTERM and SIGINT for this process; false when this Java does not offer it (then the JVM's apply). */
    public static synchronized boolean install() {
        if (installed) {
            return true;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> named = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getName = signalClass.getMethod("getName");
            Method getNumber = signalClass.getMethod("getNumber");
            Object handler = Proxy.newProxyInstance(ProcessSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            received("SIG" + getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "cicd signal handler";
                        };
                    });
            for (String signal : new String[] {"TERM", "INT"}) {
                handle.invoke(null, named.newInstance(signal), handler);
            }
            installed = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("signals left to the JVM: {}", e.toString());
            return false;
        }
    }

    /**
     * Makes {@code listener} the one that hears signals until the returned action is run. Without {@link #install}
     * it never hears any.
     */
    public static Runnable listen(Listener listener) {
        LISTENER.set(listener);
        return () -> LISTENER.compareAndSet(listener, null);
    }

    private static void received(String signal, int number) {
        int count = RECEIVED.incrementAndGet();
        Listener listener = LISTENER.get();
        if (listener == null) {
            // No command asked for them: end as the JVM would have, shutdown hooks and all.
            new Thread(() -> System.exit(128 + number), "cicd-exit-on-" + signal).start();
            return;
        }
        listener.signalled(signal, number, count);
    }
}
