package io.cicdmanager.tui.bench;

import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.Sleeper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Many people watching at once: {@code sessions} SSH sessions with the console open on a namespace of
 * {@code rollouts} rollouts; a rollout's record changes, and each session's screen is read (as its terminal would
 * draw it) until the change shows. Also what the terminal server costs meanwhile: CPU of its threads and heap.
 */
final class FanOutBench {
    static final String NAMESPACE = "fan";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int COLUMNS = 120;
    private static final int ROWS = 40;
    /** The first rollout of the sorted list: on the third row of every screen. */
    private static final String WATCHED = "r000";
    private static final int WATCHED_ROW = 2;

    /**
     * Milliseconds from each change to each screen showing it; the server's CPU time over the changes and the wall
     * time they took; heap before the sessions and with them.
     */
    record Result(double[] millis, long serverCpuNanos, long wallNanos, long heapBefore, long heapWithSessions,
            int sessions) {
    }

    private FanOutBench() {
    }

    static Result run(BenchServer server, int sessions, int rollouts, int changes, Sleeper sleeper,
            Consumer<String> progress) throws Exception {
        RolloutRecordStore store = new RolloutRecordStore(server.api().client());
        Instant now = server.clock().instant();
        for (int i = 0; i < rollouts; i++) {
            String name = String.format(Locale.ROOT, "r%03d", i);
            store.start("name: " + name + "\n", RolloutStatus.pending(name, NAMESPACE, "canary", "istio",
                    "registry.example/" + name + ":2", "registry.example/" + name + ":1", 4, now, "bench"));
            // Stamped ahead: no engine drives these records, and none must turn orphaned while they are watched.
            store.updateStatus(NAMESPACE, name, s -> s.withPhase(RolloutPhase.PROGRESSING, "bench", now, "bench",
                    "started").withWeights(10, 10, null, now).withHeartbeat(new RolloutStatus.Heartbeat("bench",
                    now.plus(Duration.ofDays(1)), 5)));
        }
        awaitBoard(server, rollouts, sleeper);
        long heapBefore = heapAfterGc();
        List<BenchClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                BenchClient c = server.login(COLUMNS, ROWS, "bench-screen-" + i);
                clients.add(c);
                c.await(s -> s.row(WATCHED_ROW).contains("fan/" + WATCHED) && s.text().contains(rollouts + "/"
                        + rollouts + " rollouts"), WAIT, "the list of " + rollouts + " rollouts");
            }
            progress.accept("  " + sessions + " sessions watching " + rollouts + " rollouts");
            long heapWithSessions = heapAfterGc();
            double[] millis = new double[changes * sessions];
            Map<Long, Long> cpuBefore = serverCpu();
            long started = System.nanoTime();
            int previous = 10;
            for (int change = 0; change < changes; change++) {
                int weight = 11 + (change * 37) % 88;
                if (weight == previous) {
                    weight++;
                }
                previous = weight;
                String shown = " " + weight + "%/" + weight + "% ";
                CountDownLatch everyScreen = new CountDownLatch(sessions);
                long[] seen = new long[sessions];
                for (int i = 0; i < sessions; i++) {
                    int index = i;
                    clients.get(i).watch(s -> {
                        if (seen[index] == 0 && s.row(WATCHED_ROW).contains(shown)) {
                            seen[index] = System.nanoTime();
                            everyScreen.countDown();
                        }
                    });
                }
                int w = weight;
                long written = System.nanoTime();
                store.updateStatus(NAMESPACE, WATCHED, s -> s.withWeights(w, w, null, server.clock().instant()));
                if (!everyScreen.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new TimeoutException("change " + change + ": " + everyScreen.getCount() + " of " + sessions
                            + " screens never showed" + shown);
                }
                for (int i = 0; i < sessions; i++) {
                    millis[change * sessions + i] = (seen[i] - written) / 1e6;
                }
                if ((change + 1) % 10 == 0) {
                    progress.accept("  " + (change + 1) + "/" + changes + " changes");
                }
                // A change every quarter second: faster than people read, slower than a redraw storm.
                sleeper.sleep(Duration.ofMillis(250));
            }
            long wall = System.nanoTime() - started;
            long cpu = delta(cpuBefore, serverCpu());
            return new Result(millis, cpu, wall, heapBefore, heapWithSessions, sessions);
        } finally {
            for (BenchClient c : clients) {
                c.close();
            }
        }
    }

    private static void awaitBoard(BenchServer server, int rollouts, Sleeper sleeper) throws TimeoutException,
            InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.backend().board().view().rollouts().size() < rollouts) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the board never held the " + rollouts + " rollouts");
            }
            sleeper.sleep(Duration.ofMillis(20));
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * CPU time of each thread that serves the sessions: everything but the benchmark's own SSH clients (MINA's
     * client threads and the screen readers) and the in-process API server (Vert.x), which stands in for Kubernetes.
     */
    static Map<Long, Long> serverCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !isServer(info.getThreadName())) {
                continue;
            }
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), t);
            }
        }
        return cpu;
    }

    static boolean isServer(String name) {
        return !(name.contains("SshClient") || name.startsWith("bench-") || name.startsWith("vert.x")
                || name.equals("main"));
    }

    private static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
