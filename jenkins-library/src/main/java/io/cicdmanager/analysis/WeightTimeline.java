package io.cicdmanager.analysis;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canary's share of traffic over time, as the router set it. The simulated provider splits traffic by it, so
 * simulated measurements follow the rollout's steps second by second.
 */
public final class WeightTimeline {
    private final TreeMap<Instant, Integer> changes = new TreeMap<>();

    public synchronized void set(Instant at, int weight) {
        changes.put(at, weight);
    }

    public synchronized int weightAt(Instant at) {
        Map.Entry<Instant, Integer> e = changes.floorEntry(at);
        return e == null ? 0 : e.getValue();
    }
}
