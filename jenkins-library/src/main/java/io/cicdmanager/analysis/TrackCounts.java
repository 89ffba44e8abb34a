package io.cicdmanager.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * One track's counts over one span of time, in all and per pod (the series' {@code pod} label), as the judge reads
 * them from the raw counters. {@code pods} is empty where the backend does not tell pods apart.
 */
public record TrackCounts(RequestCounts total, Map<String, RequestCounts> pods) {

    public TrackCounts {
        pods = Map.copyOf(pods);
    }

    /** Counts of a track whose pods are not told apart. */
    public static TrackCounts of(RequestCounts total) {
        return new TrackCounts(total, Map.of());
    }

    /** The track's counts as the sum of its pods'. */
    public static TrackCounts ofPods(Map<String, RequestCounts> pods) {
        RequestCounts total = RequestCounts.NONE;
        for (RequestCounts c : pods.values()) {
            total = total.plus(c);
        }
        return new TrackCounts(total, new TreeMap<>(pods));
    }
}
