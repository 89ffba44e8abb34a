package io.cicdmanager.rollout;

import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutOutcomeListener;
import io.cicdmanager.time.Doorbell;
import io.cicdmanager.time.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything an engine run takes from outside the spec: the cluster, the record store, the metrics backend (null
 * when the spec's checks need none), time, the audit trail, who started it, its own id, how often it beats, and
 * who follows it. The {@code with…} methods return changed copies, all through {@link #with(Consumer)}.
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

    /** The fields of a context being changed; {@link #with(Consumer)} hands one out. */
    public static final class Changes {
        public KubernetesClient client;
        public RolloutRecordStore store;
        public MetricProvider metrics;
        public Clock clock;
        public Sleeper sleeper;
        public AuditLog audit;
        public String actor;
        public String source;
        public String engineId;
        public Duration heartbeatInterval;
        public Duration slice;
        public TrafficRouters routers;
        public RolloutObserver observer;
        public final List<RolloutOutcomeListener> outcomeListeners;

        private Changes(EngineContext c) {
            client = c.client;
            store = c.store;
            metrics = c.metrics;
            clock = c.clock;
            sleeper = c.sleeper;
            audit = c.audit;
            actor = c.actor;
            source = c.source;
            engineId = c.engineId;
            heartbeatInterval = c.heartbeatInterval;
            slice = c.slice;
            routers = c.routers;
            observer = c.observer;
            outcomeListeners = new ArrayList<>(c.outcomeListeners);
        }

        private EngineContext context() {
            return new EngineContext(client, store, metrics, clock, sleeper, audit, actor, source, engineId,
                    heartbeatInterval, slice, routers, observer, outcomeListeners);
        }
    }

    /** A copy with what {@code change} sets: {@code ctx.with(c -> c.audit = log)}. */
    public EngineContext with(Consumer<Changes> change) {
        Changes changes = new Changes(this);
        change.accept(changes);
        return changes.context();
    }

    public EngineContext withStore(RolloutRecordStore newStore) {
        return with(c -> c.store = newStore);
    }

    public EngineContext withMetrics(MetricProvider newMetrics) {
        return with(c -> c.metrics = newMetrics);
    }

    public EngineContext withAudit(AuditLog newAudit) {
        return with(c -> c.audit = newAudit);
    }

    public EngineContext withSource(String newSource) {
        return with(c -> c.source = newSource);
    }

    public EngineContext withHeartbeat(Duration interval) {
        return with(c -> c.heartbeatInterval = interval);
    }

    /** How often a waiting engine looks at its doorbell: in virtual time with no other thread, seldom is enough. */
    public EngineContext withSlice(Duration newSlice) {
        return with(c -> c.slice = newSlice);
    }

    public EngineContext withRouters(TrafficRouters newRouters) {
        return with(c -> c.routers = newRouters);
    }

    public EngineContext withObserver(RolloutObserver newObserver) {
        return with(c -> c.observer = newObserver);
    }

    public EngineContext withOutcomeListener(RolloutOutcomeListener listener) {
        return with(c -> c.outcomeListeners.add(listener));
    }
}
