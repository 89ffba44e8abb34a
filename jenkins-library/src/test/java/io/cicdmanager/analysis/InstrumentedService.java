package io.cicdmanager.analysis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A service instrumented the way real HTTP services are, with Prometheus' Java client: a counter
 * {@code http_requests_total{code,track,service,namespace}} and a histogram {@code http_request_duration_seconds}
 * with the client's standard buckets. Each track (stable, canary) is its own scrape target, as two Deployments'
 * pods would be. A load loop records requests at each track's target rate with the errors and latencies its
 * {@link Behaviour} injects, so a test knows exactly what Prometheus should report.
 */
public final class InstrumentedService implements AutoCloseable {

    /**
     * How a track behaves: requests per second, the share answered with a 500, and latencies: most requests take
     * {@code fastSeconds}, a share {@code slowShare} takes {@code slowSeconds}. Shares are spread evenly over the
     * requests (not drawn at random), so every window of traffic carries them almost exactly.
     */
    public record Behaviour(double rps, double errorShare, double fastSeconds, double slowSeconds, double slowShare) {
        public Behaviour withErrorShare(double share) {
            return new Behaviour(rps, share, fastSeconds, slowSeconds, slowShare);
        }
    }

    private final class TrackLoad {
        final Track track;
        final Counter requests;
        final Histogram durations;
        final HTTPServer server;
        volatile Behaviour behaviour;
        long started = System.nanoTime();
        long recorded;
        double errorsOwed;
        double slowOwed;

        TrackLoad(Track track, Behaviour behaviour) throws IOException {
            this.track = track;
            this.behaviour = behaviour;
            PrometheusRegistry registry = new PrometheusRegistry();
            requests = Counter.builder().name("http_requests_total").help("HTTP requests by status code")
                    .labelNames(statusLabel, "track", "service", "namespace").build();
            durations = Histogram.builder().name("http_request_duration_seconds").help("HTTP request latency")
                    .classicOnly().labelNames("track", "service", "namespace").build();
            registry.register(requests);
            registry.register(durations);
            server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0).registry(registry)
                    .buildAndStart();
        }

        // Catches up with the target rate: as many requests as the time since the start (or the last change) owes.
        synchronized void catchUp() {
            Behaviour b = behaviour;
            long due = (long) Math.floor(b.rps() * (System.nanoTime() - started) / 1e9);
            for (; recorded < due; recorded++) {
                errorsOwed += b.errorShare();
                slowOwed += b.slowShare();
                boolean error = errorsOwed >= 1;
                boolean slow = slowOwed >= 1;
                errorsOwed -= error ? 1 : 0;
                slowOwed -= slow ? 1 : 0;
                record(error ? 500 : 200, slow ? b.slowSeconds() : b.fastSeconds());
            }
        }

        void record(int code, double seconds) {
            requests.labelValues(String.valueOf(code), track.label(), service, namespace).inc();
            durations.labelValues(track.label(), service, namespace).observe(seconds);
        }

        synchronized void change(Behaviour next) {
            catchUp();
            behaviour = next;
            started = System.nanoTime();
            recorded = 0;
        }
    }

    private final String namespace;
    private final String service;
    private final String statusLabel;
    private final Map<Track, TrackLoad> tracks = new EnumMap<>(Track.class);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "instrumented-service-load");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts both tracks' metrics endpoints and the load loop. {@code statusLabel} is the label that carries the
     * status code: {@code code} or {@code status}, the two instrumentations the shipped query profiles cover.
     */
    public InstrumentedService(String namespace, String service, String statusLabel, Behaviour stable, Behaviour canary) {
        this.namespace = namespace;
        this.service = service;
        this.statusLabel = statusLabel;
        try {
            tracks.put(Track.STABLE, new TrackLoad(Track.STABLE, stable));
            tracks.put(Track.CANARY, new TrackLoad(Track.CANARY, canary));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the metrics endpoint", e);
        }
        loop.scheduleAtFixedRate(() -> tracks.values().forEach(TrackLoad::catchUp), 0, 10, TimeUnit.MILLISECONDS);
    }

    /** The scrape targets, {@code host:port}, stable first. */
    public List<String> targets() {
        return tracks.values().stream().map(t -> "127.0.0.1:" + t.server.getPort()).toList();
    }

    /** Changes a track's behaviour from now on: how tests inject errors or latency into a running canary. */
    public void change(Track track, Behaviour behaviour) {
        tracks.get(track).change(behaviour);
    }

    public Behaviour behaviour(Track track) {
        return tracks.get(track).behaviour;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        tracks.values().forEach(t -> t.server.close());
    }
}
