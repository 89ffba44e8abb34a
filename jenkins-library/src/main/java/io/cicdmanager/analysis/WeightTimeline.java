package io.cicdmanager.analysis;

import java.time.Duration;
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

    /**
     * The share of the canary's traffic at {@code at} that the weight increases of the last {@code within} added:
     * what pods started for those increases serve (all of it right after the canary's first weight). 0 without
     * traffic on the canary.
     */
    public synchronized double addedShareWithin(Instant at, Duration within) {
        int now = weightAt(at);
        if (now <= 0) {
            return 0;
        }
        int before = weightAt(at.minus(within));
        int added = 0;
        int previous = before;
        for (int w : changes.subMap(at.minus(within), false, at, true).values()) {
            added += Math.max(0, w - previous);
            previous = w;
        }
        return Math.min(1, added / (double) now);
    }
}
