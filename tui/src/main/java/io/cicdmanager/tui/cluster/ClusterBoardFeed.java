package io.cicdmanager.tui.cluster;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.RecordConfigMap;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a board from the cluster: one shared informer on the rollout records (every screen and SSH session of the
 * process reads the board it fills), plus, for the rollouts some screen shows in detail, their pods and events,
 * read when the record changes and every few seconds. A ticker re-decides which rollouts are orphaned, since an
 * orphan is precisely a record that stopped changing, and says on the board when the watch is reconnecting.
 */
public final class ClusterBoardFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBoardFeed.class);
    /** How often orphans are re-decided and the watch's health is checked. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** How often the pods and events of followed rollouts are read again when their record did not change. */
    static final Duration DETAIL_REFRESH = Duration.ofSeconds(5);

    private final RolloutRecordStore store;
    private final RolloutBoard board;
    private final Clock clock;
    private final String namespace;
    private final DetailReader details;
    private final Map<RolloutKey, RolloutRecord> records = new ConcurrentHashMap<>();
    private final Map<RolloutKey, RolloutDetail> detailCache = new ConcurrentHashMap<>();
    private final Set<RolloutKey> detailWanted = ConcurrentHashMap.newKeySet();
    private final Object publishing = new Object();
    private ScheduledExecutorService worker;
    private SharedIndexInformer<ConfigMap> informer;
    private long ticks;

    /** @param namespace the namespace to watch, or null for every namespace the client may list */
    public ClusterBoardFeed(RolloutRecordStore store, RolloutBoard board, Clock clock, String namespace) {
        this.store = store;
        this.board = board;
        this.clock = clock;
        this.namespace = namespace;
        this.details = new DetailReader(store.client(), clock);
    }

    /**
     * Starts the watch and returns once the board holds every record; an unreachable API server raises
     * {@code DependencyUnreachableException}, a Role that may not list the records a {@link UsageException}.
     */
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "board-feed");
            t.setDaemon(true);
            return t;
        });
        board.onFollow(key -> worker.execute(() -> refreshDetail(key)));
        try {
            informer = store.inform(namespace, this::changed, this::deleted);
        } catch (KubernetesClientException e) {
            worker.shutdownNow();
            if (e.getCode() == 403) {
                throw new UsageException("not allowed to list rollout records in "
                        + (namespace == null ? "every namespace; name one with -n NAMESPACE" : "namespace " + namespace)
                        + " (" + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()) + ")");
            }
            throw io.cicdmanager.kube.KubernetesFailures.translate(store.client(), e);
        }
        // The informer has listed every record when inform returns, but tells its handler on its own thread, maybe
        // later: the board gets what it listed now, unless the handler was quicker (and maybe newer).
        for (ConfigMap cm : informer.getStore().list()) {
            if (cm.getMetadata().getName().startsWith(RecordConfigMap.CONFIG_MAP_PREFIX)) {
                RolloutRecord record = RolloutRecordStore.parse(cm);
                if (records.putIfAbsent(key(record), record) == null) {
                    publish(key(record));
                }
            }
        }
        worker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RolloutKey key(RolloutRecord r) {
        return new RolloutKey(r.namespace(), r.name());
    }

    void changed(RolloutRecord record) {
        RolloutKey key = key(record);
        records.put(key, record);
        publish(key);
        if (board.followed().contains(key) && detailWanted.add(key)) {
            worker.execute(() -> {
                detailWanted.remove(key);
                refreshDetail(key);
            });
        }
    }

    void deleted(RolloutRecord record) {
        RolloutKey key = key(record);
        synchronized (publishing) {
            records.remove(key);
            detailCache.remove(key);
            board.remove(key);
        }
    }

    /** Puts the latest record of {@code key}, with its latest detail, on the board. */
    private void publish(RolloutKey key) {
        synchronized (publishing) {
            RolloutRecord record = records.get(key);
            if (record == null) {
                return;
            }
            board.put(RolloutSnapshots.from(record, clock.instant(), detailCache.getOrDefault(key,
                    RolloutDetail.NONE)));
        }
    }

    void refreshDetail(RolloutKey key) {
        RolloutRecord record = records.get(key);
        if (record == null) {
            return;
        }
        detailCache.put(key, details.read(record));
        publish(key);
    }

    /** Once a second: orphans re-decided, the watch's health on the board, followed rollouts' pods now and then. */
    void tick() {
        try {
            var now = clock.instant();
            for (Map.Entry<RolloutKey, RolloutRecord> e : records.entrySet()) {
                boolean orphaned = e.getValue().isOrphaned(now);
                Optional<RolloutSnapshot> shown = board.view().find(e.getKey());
                if (shown.isPresent() && shown.get().orphaned() != orphaned) {
                    publish(e.getKey());
                }
            }
            board.warn(informer == null || informer.isWatching() ? null
                    : "watch on the rollout records lost; reconnecting (what is shown may be stale)");
            if (++ticks % (DETAIL_REFRESH.toMillis() / TICK.toMillis()) == 0) {
                for (RolloutKey key : board.followed()) {
                    refreshDetail(key);
                }
            }
        } catch (RuntimeException e) {
            // The ticker must survive a failed read to try again on the next tick.
            LOG.debug("board feed tick", e);
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
