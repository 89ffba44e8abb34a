package io.cicdmanager.tui.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process's one live view of every rollout: the shared watch writes snapshots here, and every screen and
 * SSH session reads from it and is told when it changed. Listeners run on the writer's thread, so they only mark
 * their screen dirty; drawing happens on each session's own thread.
 */
public final class RolloutBoard {
    private final Object lock = new Object();
    private final Map<RolloutKey, RolloutSnapshot> rollouts = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long version;

    /** The board at one version: rollouts sorted by namespace and name. */
    public record View(long version, List<RolloutSnapshot> rollouts) {
        public Optional<RolloutSnapshot> find(RolloutKey key) {
            return rollouts.stream().filter(r -> r.key().equals(key)).findFirst();
        }
    }

    public View view() {
        synchronized (lock) {
            return new View(version, List.copyOf(rollouts.values()));
        }
    }

    /** Adds or replaces one rollout. */
    public void put(RolloutSnapshot snapshot) {
        synchronized (lock) {
            rollouts.put(snapshot.key(), snapshot);
            version++;
        }
        fire();
    }

    public void remove(RolloutKey key) {
        boolean removed;
        synchronized (lock) {
            removed = rollouts.remove(key) != null;
            if (removed) {
                version++;
            }
        }
        if (removed) {
            fire();
        }
    }

    /** Replaces the whole board, as a watch does after it (re)lists. */
    public void replaceAll(Collection<RolloutSnapshot> snapshots) {
        synchronized (lock) {
            rollouts.clear();
            for (RolloutSnapshot s : snapshots) {
                rollouts.put(s.key(), s);
            }
            version++;
        }
        fire();
    }

    /** Calls {@code onChange} after every change until the returned handle is closed. */
    public AutoCloseable subscribe(Runnable onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    public int subscriberCount() {
        return listeners.size();
    }

    /** The names of every rollout, for completion. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (RolloutSnapshot s : view().rollouts()) {
            names.add(s.key().toString());
        }
        return names;
    }

    private void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
