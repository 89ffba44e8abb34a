package io.cicdmanager.rollout;

import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The faults a chaos run injects into the API requests of whoever acts on a rollout (engines, the guardian), as the
 * client sends them: a 409 Conflict on a write, a 429 or a 500 answer, a dropped connection, a slow answer (virtual
 * time passes while the request is in flight, and the rest of the world moves), and kills of the acting process at
 * chosen requests: the request is not sent and the engine unwinds with {@link Killed}, as a killed process stops
 * between two writes. A retried request is not faulted again, so the client's own retries (429, 5xx, dropped
 * connections, with backoff) meet the fault once; a fault the client does not retry reaches the engine.
 */
final class ChaosFaults implements Interceptor {
    /**
     * A kill of the acting process: an {@link Error}, so no catch of the engine's swallows it; where the HTTP client
     * wraps it on its way up, every later request of that process is refused the same way until {@link #revive}.
     */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed(int request) {
            super("killed before API request " + request, null, false, false);
        }
    }

    private final SplittableRandom random;
    private final double faultRate;
    private final double slowRate;
    private final Duration maxSlow;
    private final VirtualTime time;
    private final URI server;
    private final Deque<Integer> killAt;
    private final Set<UUID> seen = new HashSet<>();
    private final Runnable changed;
    private int requests;
    private int conflicts;
    private int throttled;
    private int errors;
    private int dropped;
    private int slow;
    private int kills;
    private boolean sleeping;
    private boolean dead;
    private Runnable beforeNextRecordWrite;

    /**
     * @param changed told of every request that changes the cluster (not the rollout record), so that whoever checks
     *                the cluster knows to look again
     */
    ChaosFaults(SplittableRandom random, double faultRate, double slowRate, Duration maxSlow, List<Integer> killAt,
            VirtualTime time, URI server, Runnable changed) {
        this.changed = changed;
        this.random = random;
        this.faultRate = faultRate;
        this.slowRate = slowRate;
        this.maxSlow = maxSlow;
        this.killAt = new ArrayDeque<>(killAt.stream().sorted().toList());
        this.time = time;
        this.server = server;
    }

    /** A client of {@code server} whose requests meet these faults; retries are quick, as faults are injected. */
    KubernetesClient client(InProcessApiServer apiServer) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.client().getMasterUrl().toString())
                .withTrustCerts(true).withRequestRetryBackoffLimit(2).withRequestRetryBackoffInterval(1)
                .withRequestTimeout(30_000).withConnectionTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("chaos", this)).build();
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        // Decided under the lock; the racer and the slow answer run outside it, since what they do sends requests
        // whose retries come back here on the client's own threads.
        Runnable racer = null;
        Duration slowFor = null;
        String faultPath;
        synchronized (this) {
            if (dead) {
                // A killed process sends nothing more, whatever caught the kill on its way up.
                throw new Killed(requests);
            }
            if (!seen.add(request.id())) {
                return; // the client retrying a request this already faulted
            }
            requests++;
            if (!killAt.isEmpty() && killAt.peekFirst() <= requests) {
                killAt.pollFirst();
                kills++;
                dead = true;
                throw new Killed(requests);
            }
            boolean write = !"GET".equals(request.method());
            if (write && !request.uri().getPath().contains("/configmaps/")) {
                changed.run();
            }
            if (write && beforeNextRecordWrite != null && request.uri().getPath().contains("/configmaps/")) {
                racer = beforeNextRecordWrite;
                beforeNextRecordWrite = null;
            }
            if (!sleeping && random.nextDouble() < slowRate) {
                slow++;
                slowFor = Duration.ofMillis(1_000 + random.nextLong(maxSlow.toMillis()));
                sleeping = true;
            }
            faultPath = random.nextDouble() >= faultRate ? null : switch (random.nextInt(write ? 4 : 3)) {
                case 0 -> {
                    throttled++;
                    yield InProcessApiServer.FAULT_PATH + "429";
                }
                case 1 -> {
                    errors++;
                    yield InProcessApiServer.FAULT_PATH + "500";
                }
                case 2 -> {
                    dropped++;
                    yield "";
                }
                default -> {
                    conflicts++;
                    yield InProcessApiServer.FAULT_PATH + "409";
                }
            };
        }
        if (racer != null) {
            racer.run();
        }
        if (slowFor != null) {
            try {
                time.sleep(slowFor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    sleeping = false;
                }
            }
        }
        if (faultPath != null) {
            // Nothing listens on port 1: the connection fails as a dropped one does.
            builder.uri(faultPath.isEmpty() ? URI.create("http://127.0.0.1:1" + request.uri().getRawPath())
                    : server.resolve(faultPath));
        }
    }

    /**
     * Runs {@code racer} (another party reading and claiming the same record) just before the next write to a record
     * leaves: the interleaving in which two that found the same orphan both try to claim it.
     */
    synchronized void beforeNextRecordWrite(Runnable racer) {
        beforeNextRecordWrite = racer;
    }

    /** A new process takes the place of the killed one. */
    synchronized void revive() {
        dead = false;
    }

    /** True when {@code e}, or what it wraps, is a kill: the HTTP client may have wrapped it on its way. */
    static boolean isKill(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Killed) {
                return true;
            }
        }
        return false;
    }

    synchronized int requests() {
        return requests;
    }

    synchronized int kills() {
        return kills;
    }

    /** Every fault injected (not the kills). */
    synchronized int faults() {
        return conflicts + throttled + errors + dropped + slow;
    }

    synchronized String describe() {
        return conflicts + " conflicts, " + throttled + " throttled, " + errors + " server errors, " + dropped
                + " dropped connections, " + slow + " slow answers";
    }
}
