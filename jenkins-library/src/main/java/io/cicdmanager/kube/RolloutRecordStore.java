package io.cicdmanager.kube;

import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.JacksonException;

/**
 * Reads, lists, watches and writes rollout records (ConfigMaps {@code cicd-rollout-<name>}). Every write is guarded
 * by the resourceVersion it read: on 409 Conflict it reads again and re-applies its change, so the engine's status
 * updates and operators' commands never overwrite each other. The engine, the CLI and the TUI share this class.
 */
public final class RolloutRecordStore {
    private static final int MAX_ATTEMPTS = 20;

    private final KubernetesClient client;
    private final boolean remoteWatches;
    private final List<Consumer<RolloutRecord>> localListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong conflicts = new AtomicLong();

    public RolloutRecordStore(KubernetesClient client) {
        this(client, true);
    }

    private RolloutRecordStore(KubernetesClient client, boolean remoteWatches) {
        this.client = client;
        this.remoteWatches = remoteWatches;
    }

    /**
     * A store whose {@link #watch} sees only the writes made through it, as if every watch on the API server were
     * closed: what an engine must survive (it re-reads the record at every heartbeat), and, with no watch thread,
     * what keeps a rehearsal in virtual time exactly reproducible.
     */
    public static RolloutRecordStore withoutRemoteWatches(KubernetesClient client) {
        return new RolloutRecordStore(client, false);
    }

    public KubernetesClient client() {
        return client;
    }

    /** How many writes met a 409 and were retried since this store was made. */
    public long conflictsRetried() {
        return conflicts.get();
    }

    public Optional<RolloutRecord> read(String namespace, String name) {
        return readConfigMap(namespace, name).map(RolloutRecordStore::parse);
    }

    /** Every rollout record in {@code namespace}, or in every namespace the client may list when it is null. */
    public List<RolloutRecord> list(String namespace) {
        List<ConfigMap> items;
        try {
            items = namespace == null
                    ? client.configMaps().inAnyNamespace().withLabel(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY)
                            .list().getItems()
                    : client.configMaps().inNamespace(namespace)
                            .withLabel(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY).list().getItems();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
        List<RolloutRecord> records = new ArrayList<>();
        for (ConfigMap cm : items) {
            if (cm.getMetadata().getName().startsWith(RecordConfigMap.CONFIG_MAP_PREFIX)) {
                records.add(parse(cm));
            }
        }
        records.sort(Comparator.comparing(RolloutRecord::namespace).thenComparing(RolloutRecord::name));
        return records;
    }

    /**
     * Starts a record for a new release: creates it, or replaces a finished one. Returns empty, changing nothing,
     * when a record exists that is not finished: the caller decides whether to resume it.
     */
    public Optional<RolloutRecord> start(String specYaml, RolloutStatus status) {
        String namespace = status.namespace();
        String name = status.rollout();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<ConfigMap> existing = readConfigMap(namespace, name);
            try {
                if (existing.isEmpty()) {
                    ConfigMap created = client.configMaps().inNamespace(namespace)
                            .resource(toConfigMap(name, namespace, null, specYaml, status, MetricHistory.empty(), Map.of()))
                            .create();
                    return Optional.of(announce(parse(created)));
                }
                RolloutRecord current = parse(existing.get());
                if (current.status() != null && !current.status().isTerminal()) {
                    return Optional.empty();
                }
                // A finished record gives way to the new release; its command annotations go with it.
                ConfigMap replaced = client.configMaps().inNamespace(namespace)
                        .resource(toConfigMap(name, namespace, existing.get().getMetadata().getResourceVersion(), specYaml,
                                status, MetricHistory.empty(), Map.of()))
                        .update();
                return Optional.of(announce(parse(replaced)));
            } catch (KubernetesClientException e) {
                if (e.getCode() != KubernetesFailures.CONFLICT) {
                    throw KubernetesFailures.translate(client, e);
                }
                conflicts.incrementAndGet();
            }
        }
        throw new IllegalStateException("could not start rollout record " + namespace + "/" + name + " after "
                + MAX_ATTEMPTS + " conflicting writes");
    }

    /**
     * Replaces the status (and the metric history, when given) of the record, whatever else changed meanwhile, as the
     * engine that owns it: the engine named by {@code status}'s heartbeat. When the record has passed to another
     * engine (its heartbeat names another) nothing is written and {@link RolloutTakenOverException} says who owns
     * it now. A status that ends the rollout also acknowledges, in the same write, a command still pending, with
     * {@code ackPending}'s answer (null: leave it), so no command is left unanswered by a finished rollout.
     */
    public RolloutRecord writeStatus(String namespace, String name, RolloutStatus status, MetricHistory metrics,
            Function<RolloutCommand, CommandAck> ackPending) {
        return mutate(namespace, name, current -> {
            checkOwner(current, status);
            CommandAck ack = status.isTerminal() && ackPending != null
                    ? current.pendingCommand().map(ackPending).orElse(null) : null;
            return Optional.of(new Change(status, metrics == null ? current.metrics() : metrics, null, ack));
        }).orElseThrow(() -> new CommandRejectedException("rollout " + namespace + "/" + name + " not found"));
    }

    /** {@link #writeStatus(String, String, RolloutStatus, MetricHistory, Function)} leaving pending commands be. */
    public RolloutRecord writeStatus(String namespace, String name, RolloutStatus status, MetricHistory metrics) {
        return writeStatus(namespace, name, status, metrics, null);
    }

    /**
     * Claims a record for the engine that {@code status}'s heartbeat names, only if the record is still exactly
     * the version that was read ({@code resourceVersion}): of two engines or guardians that found the same orphan,
     * one claims it and the other gets empty and stays out. Nothing is retried.
     */
    public Optional<RolloutRecord> claim(String namespace, String name, String resourceVersion, RolloutStatus status) {
        Optional<ConfigMap> existing = readConfigMap(namespace, name);
        if (existing.isEmpty() || !existing.get().getMetadata().getResourceVersion().equals(resourceVersion)) {
            return Optional.empty();
        }
        ConfigMap cm = existing.get();
        RolloutRecord current = parse(cm);
        ConfigMap next = toConfigMap(name, namespace, resourceVersion, current.specYaml(), status, current.metrics(),
                Map.of());
        next.getMetadata().setAnnotations(cm.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(cm.getMetadata().getAnnotations()));
        Map<String, String> labels = new LinkedHashMap<>(cm.getMetadata().getLabels() == null ? Map.of()
                : cm.getMetadata().getLabels());
        labels.putAll(next.getMetadata().getLabels());
        next.getMetadata().setLabels(labels);
        try {
            return Optional.of(announce(parse(client.configMaps().inNamespace(namespace).resource(next).update())));
        } catch (KubernetesClientException e) {
            if (e.getCode() == KubernetesFailures.CONFLICT) {
                conflicts.incrementAndGet();
                return Optional.empty();
            }
            throw KubernetesFailures.translate(client, e);
        }
    }

    /** Refuses a write by an engine that does not own the record any more. */
    private static void checkOwner(RolloutRecord current, RolloutStatus writing) {
        RolloutStatus.Heartbeat mine = writing.heartbeat();
        RolloutStatus.Heartbeat theirs = current.status() == null ? null : current.status().heartbeat();
        if (mine != null && theirs != null && !mine.engine().equals(theirs.engine())) {
            throw new RolloutTakenOverException(current.qualifiedName(), theirs.engine());
        }
    }

    /** Applies {@code change} to the status as it is now on the server. */
    public RolloutRecord updateStatus(String namespace, String name, Function<RolloutStatus, RolloutStatus> change) {
        return mutate(namespace, name, current -> Optional.of(new Change(change.apply(current.status()), null, null, null)))
                .orElseThrow(() -> new CommandRejectedException("rollout " + namespace + "/" + name + " not found"));
    }

    /**
     * Writes an operator's command. Exactly one of two racing operators wins: the loser re-reads after its 409,
     * finds the winner's command pending and is refused with {@link CommandRejectedException} naming it.
     */
    public RolloutRecord writeCommand(String namespace, String name, RolloutCommand command) {
        Optional<RolloutRecord> written = mutate(namespace, name, current -> {
            if (current.status() != null && current.status().isTerminal()) {
                throw new CommandRejectedException("rollout " + current.qualifiedName() + " has already finished ("
                        + current.status().phase() + "); nothing to " + command.action());
            }
            Optional<RolloutCommand> pending = current.pendingCommand();
            if (pending.isPresent()) {
                RolloutCommand other = pending.get();
                throw new CommandRejectedException("rollout " + current.qualifiedName() + " already has a pending command: "
                        + other.action() + " by " + other.actor() + " at " + other.at()
                        + (other.reason().isEmpty() ? "" : " (" + other.reason() + ")")
                        + "; wait for the engine to acknowledge it");
            }
            return Optional.of(new Change(null, null, command, null));
        });
        return written.orElseThrow(() -> new CommandRejectedException("no rollout " + namespace + "/" + name
                + " (looked for ConfigMap " + RecordConfigMap.configMapName(name) + ")"));
    }

    /** The engine's acknowledgement of a command, with the status that acting on it produced; owned as writeStatus. */
    public RolloutRecord acknowledge(String namespace, String name, CommandAck ack, RolloutStatus status) {
        return mutate(namespace, name, current -> {
            checkOwner(current, status);
            return Optional.of(new Change(status, null, null, ack));
        })
                .orElseThrow(() -> new CommandRejectedException("rollout " + namespace + "/" + name + " not found"));
    }

    /**
     * Watches one record; {@code onChange} gets every new version. Writes through this store in this process are
     * announced too, before the call returns, so in-process waiters never depend on the watch's timing.
     */
    public Watch watch(String namespace, String name, Consumer<RolloutRecord> onChange) {
        Consumer<RolloutRecord> local = r -> {
            if (r.namespace().equals(namespace) && r.name().equals(name)) {
                onChange.accept(r);
            }
        };
        localListeners.add(local);
        if (!remoteWatches) {
            return () -> localListeners.remove(local);
        }
        Watch remote;
        try {
            remote = client.configMaps().inNamespace(namespace).withName(RecordConfigMap.configMapName(name))
                    .watch(new Watcher<ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {
                            if (action != Action.DELETED && action != Action.ERROR) {
                                onChange.accept(parse(resource));
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            // The engine also re-reads the record at every heartbeat, so a closed watch only
                            // slows its reaction down; it never loses a command.
                        }
                    });
        } catch (KubernetesClientException e) {
            localListeners.remove(local);
            throw KubernetesFailures.translate(client, e);
        }
        return () -> {
            localListeners.remove(local);
            remote.close();
        };
    }

    /**
     * One shared informer over every record in {@code namespace} (all namespaces when null), for screens that
     * show many rollouts: one watch per process, however many screens.
     */
    public SharedIndexInformer<ConfigMap> inform(String namespace, Consumer<RolloutRecord> onChange,
            Consumer<RolloutRecord> onDelete) {
        ResourceEventHandler<ConfigMap> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                accept(obj, onChange);
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                accept(newObj, onChange);
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                accept(obj, onDelete);
            }

            private void accept(ConfigMap cm, Consumer<RolloutRecord> target) {
                if (cm.getMetadata().getName().startsWith(RecordConfigMap.CONFIG_MAP_PREFIX)) {
                    target.accept(parse(cm));
                }
            }
        };
        try {
            return namespace == null
                    ? client.configMaps().inAnyNamespace()
                            .withLabel(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY).inform(handler, 0)
                    : client.configMaps().inNamespace(namespace)
                            .withLabel(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY).inform(handler, 0);
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    /** Reads a record from its ConfigMap; a record this version cannot read raises {@link IllegalStateException}. */
    public static RolloutRecord parse(ConfigMap cm) {
        String cmName = cm.getMetadata().getName();
        String name = cmName.startsWith(RecordConfigMap.CONFIG_MAP_PREFIX)
                ? cmName.substring(RecordConfigMap.CONFIG_MAP_PREFIX.length()) : cmName;
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        Map<String, String> annotations = cm.getMetadata().getAnnotations() == null ? Map.of()
                : cm.getMetadata().getAnnotations();
        String where = cm.getMetadata().getNamespace() + "/" + cmName;
        RolloutStatus status = readJson(data.get(RecordConfigMap.STATUS_KEY), RolloutStatus.class, where);
        if (status != null && status.schemaVersion() > RolloutStatus.SCHEMA_VERSION) {
            throw new IllegalStateException(where + ": status schema " + status.schemaVersion()
                    + " is newer than this cicd reads (" + RolloutStatus.SCHEMA_VERSION + "); upgrade cicd");
        }
        MetricHistory metrics = readJson(data.get(RecordConfigMap.METRICS_KEY), MetricHistory.class, where);
        return new RolloutRecord(name, cm.getMetadata().getNamespace(), cm.getMetadata().getResourceVersion(),
                data.getOrDefault(RecordConfigMap.SPEC_KEY, ""), status, metrics == null ? MetricHistory.empty() : metrics,
                readJson(annotations.get(RecordConfigMap.COMMAND_ANNOTATION), RolloutCommand.class, where),
                readJson(annotations.get(RecordConfigMap.ACK_ANNOTATION), CommandAck.class, where));
    }

    private static <T> T readJson(String text, Class<T> type, String where) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ObjectMappers.json().readValue(text, type);
        } catch (JacksonException e) {
            throw new IllegalStateException(where + ": unreadable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static String json(Object value) {
        return ObjectMappers.compactJson().writeValueAsString(value);
    }

    /** The fields a write changes; null ones keep what the server has. */
    private record Change(RolloutStatus status, MetricHistory metrics, RolloutCommand command, CommandAck ack) {
    }

    private Optional<RolloutRecord> mutate(String namespace, String name, Function<RolloutRecord, Optional<Change>> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<ConfigMap> existing = readConfigMap(namespace, name);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            ConfigMap cm = existing.get();
            RolloutRecord current = parse(cm);
            Optional<Change> wanted = change.apply(current);
            if (wanted.isEmpty()) {
                return Optional.of(current);
            }
            Change c = wanted.get();
            Map<String, String> annotations = new LinkedHashMap<>();
            if (c.command() != null) {
                annotations.put(RecordConfigMap.COMMAND_ANNOTATION, json(c.command()));
            }
            if (c.ack() != null) {
                annotations.put(RecordConfigMap.ACK_ANNOTATION, json(c.ack()));
            }
            ConfigMap next = toConfigMap(name, namespace, cm.getMetadata().getResourceVersion(), current.specYaml(),
                    c.status() == null ? current.status() : c.status(),
                    c.metrics() == null ? current.metrics() : c.metrics(), annotations);
            // Keep what others put on the ConfigMap (their labels and annotations), overriding only ours.
            Map<String, String> mergedAnnotations = new LinkedHashMap<>(
                    cm.getMetadata().getAnnotations() == null ? Map.of() : cm.getMetadata().getAnnotations());
            mergedAnnotations.putAll(annotations);
            next.getMetadata().setAnnotations(mergedAnnotations);
            Map<String, String> mergedLabels = new LinkedHashMap<>(
                    cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels());
            mergedLabels.putAll(next.getMetadata().getLabels());
            next.getMetadata().setLabels(mergedLabels);
            try {
                ConfigMap updated = client.configMaps().inNamespace(namespace).resource(next).update();
                return Optional.of(announce(parse(updated)));
            } catch (KubernetesClientException e) {
                if (e.getCode() != KubernetesFailures.CONFLICT) {
                    throw KubernetesFailures.translate(client, e);
                }
                conflicts.incrementAndGet();
            }
        }
        throw new IllegalStateException("rollout record " + namespace + "/" + name + ": gave up after " + MAX_ATTEMPTS
                + " conflicting writes");
    }

    private RolloutRecord announce(RolloutRecord record) {
        for (Consumer<RolloutRecord> listener : localListeners) {
            listener.accept(record);
        }
        return record;
    }

    private Optional<ConfigMap> readConfigMap(String namespace, String name) {
        try {
            return Optional.ofNullable(client.configMaps().inNamespace(namespace)
                    .withName(RecordConfigMap.configMapName(name)).get());
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    private static ConfigMap toConfigMap(String name, String namespace, String resourceVersion, String specYaml,
            RolloutStatus status, MetricHistory metrics, Map<String, String> annotations) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY);
        labels.put(RecordConfigMap.ROLLOUT_LABEL, name);
        if (status != null) {
            labels.put(RecordConfigMap.PHASE_LABEL, status.phase().wireName());
            labels.put(RecordConfigMap.STRATEGY_LABEL, status.strategy());
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put(RecordConfigMap.SPEC_KEY, specYaml == null ? "" : specYaml);
        if (status != null) {
            data.put(RecordConfigMap.STATUS_KEY, json(status));
        }
        data.put(RecordConfigMap.METRICS_KEY, json(metrics == null ? MetricHistory.empty() : metrics));
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(RecordConfigMap.configMapName(name))
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .withLabels(labels)
                .withAnnotations(new LinkedHashMap<>(annotations))
                .endMetadata()
                .withData(data)
                .build();
    }
}
