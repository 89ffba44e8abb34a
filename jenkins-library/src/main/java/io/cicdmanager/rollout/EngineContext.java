package io.cicdmanager.rollout;

import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.time.Doorbell;
import io.cicdmanager.time.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an engine run takes from outside the spec: the cluster, the record store, the metrics backend (null
 * when the spec's checks need none), time, the audit trail, who started it, its own id, how often it beats, and
 * who follows it. The {@code with…} methods return changed copies.
 */
public record EngineContext(KubernetesClient client, RolloutRecordStore store, MetricProvider metrics, Clock clock,
        Sleeper sleeper, AuditLog audit, String actor, String source, String engineId, Duration heartbeatInterval,
        Duration slice, TrafficRouters routers, RolloutObserver observer, List<RolloutOutcomeListener> outcomeListeners) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

    public EngineContext {
        outcomeListeners = List.copyOf(outcomeListeners);
    }

    public static EngineContext of(KubernetesClient client, MetricProvider metrics, Clock clock, Sleeper sleeper,
            String actor, String engineId) {
        return new EngineContext(client, new RolloutRecordStore(client), metrics, clock, sleeper, AuditLog.none(), actor,
                "cli", engineId, DEFAULT_HEARTBEAT, Doorbell.DEFAULT_SLICE, TrafficRouters.standard(), RolloutObserver.NONE,
                List.of());
    }

    public EngineContext withStore(RolloutRecordStore newStore) {
        return new EngineContext(client, newStore, metrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, slice, routers, observer, outcomeListeners);
    }

    public EngineContext withMetrics(MetricProvider newMetrics) {
        return new EngineContext(client, store, newMetrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, slice, routers, observer, outcomeListeners);
    }

    public EngineContext withAudit(AuditLog newAudit) {
        return new EngineContext(client, store, metrics, clock, sleeper, newAudit, actor, source, engineId,
                heartbeatInterval, slice, routers, observer, outcomeListeners);
    }

    public EngineContext withSource(String newSource) {
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, newSource, engineId,
                heartbeatInterval, slice, routers, observer, outcomeListeners);
    }

    public EngineContext withHeartbeat(Duration interval) {
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId, interval, slice,
                routers, observer, outcomeListeners);
    }

    /** How often a waiting engine looks at its doorbell: in virtual time with no other thread, seldom is enough. */
    public EngineContext withSlice(Duration newSlice) {
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, newSlice, routers, observer, outcomeListeners);
    }

    public EngineContext withRouters(TrafficRouters newRouters) {
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, slice, newRouters, observer, outcomeListeners);
    }

    public EngineContext withObserver(RolloutObserver newObserver) {
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, slice, routers, newObserver, outcomeListeners);
    }

    public EngineContext withOutcomeListener(RolloutOutcomeListener listener) {
        List<RolloutOutcomeListener> all = new ArrayList<>(outcomeListeners);
        all.add(listener);
        return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId,
                heartbeatInterval, slice, routers, observer, all);
    }
}
