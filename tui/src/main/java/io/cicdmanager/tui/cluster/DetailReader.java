package io.cicdmanager.tui.cluster;

import io.cicdmanager.kube.RolloutEvents;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.rollout.StrategySpec;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.EventLine;
import io.cicdmanager.tui.model.RolloutSnapshot.Pod;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads from the cluster what a rollout's detail shows beyond its record: the ReplicaSets of its stable and canary
 * (or preview) Deployments with their pods, readiness and restarts, and the Events mirrored from its audit trail.
 * Whatever cannot be read (a spec this version cannot parse, a Role without Events) is left out, never guessed.
 */
final class DetailReader {
    private static final Logger LOG = LoggerFactory.getLogger(DetailReader.class);
    /** How many of the latest events the detail keeps. */
    static final int EVENTS = 20;

    private final KubernetesClient client;
    private final RolloutEvents events;

    DetailReader(KubernetesClient client, Clock clock) {
        this.client = client;
        this.events = new RolloutEvents(client, clock);
    }

    RolloutDetail read(RolloutRecord record) {
        List<Revision> revisions = List.of();
        try {
            revisions = revisions(record);
        } catch (RuntimeException e) {
            LOG.debug("reading the revisions of {}", record.qualifiedName(), e);
        }
        List<EventLine> eventLines = new ArrayList<>();
        List<AuditLine> auditLines = new ArrayList<>();
        try {
            for (RolloutEvents.Told e : events.recent(record.namespace(), record.name(), EVENTS)) {
                e.audit().ifPresentOrElse(
                        a -> auditLines.add(new AuditLine(e.at(), a.actor(), a.action(), a.reason(), a.outcome())),
                        () -> eventLines.add(new EventLine(e.at(), e.reason(), e.message())));
            }
        } catch (RuntimeException e) {
            LOG.debug("reading the events of {}", record.qualifiedName(), e);
        }
        return new RolloutDetail(revisions, eventLines, auditLines);
    }

    private List<Revision> revisions(RolloutRecord record) {
        RolloutSpec spec = new RolloutSpecParser().parseText(record.specYaml(), record.qualifiedName() + " spec.yaml");
        Workloads workloads = new Workloads(client, record.namespace());
        List<Revision> out = new ArrayList<>();
        Optional<Deployment> stable = workloads.find(spec.deployment());
        if (spec.strategy() instanceof StrategySpec.Rolling) {
            stable.ifPresent(d -> {
                List<ReplicaSet> sets = workloads.replicaSets(d);
                for (int i = 0; i < sets.size(); i++) {
                    ReplicaSet rs = sets.get(i);
                    if (i == 0 || replicas(rs) > 0) {
                        out.add(revision(i == 0 ? "new" : "old", rs, record.namespace()));
                    }
                }
            });
            return out;
        }
        stable.ifPresent(d -> current(workloads, d).forEach(rs -> out.add(revision("stable", rs, record.namespace()))));
        workloads.find(spec.canaryDeployment()).ifPresent(d -> current(workloads, d)
                .forEach(rs -> out.add(revision("canary", rs, record.namespace()))));
        return out;
    }

    /** The Deployment's ReplicaSets that run pods, newest first: two while a Deployment rolls. */
    private static List<ReplicaSet> current(Workloads workloads, Deployment d) {
        return workloads.replicaSets(d).stream().filter(rs -> replicas(rs) > 0).toList();
    }

    private static int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec() == null ? null : rs.getSpec().getReplicas();
        return r == null ? 0 : r;
    }

    private Revision revision(String track, ReplicaSet rs, String namespace) {
        Map<String, String> selector = rs.getSpec().getSelector().getMatchLabels();
        List<io.fabric8.kubernetes.api.model.Pod> pods = client.pods().inNamespace(namespace).withLabels(selector)
                .list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        List<Pod> shown = new ArrayList<>();
        int ready = 0;
        for (io.fabric8.kubernetes.api.model.Pod p : pods) {
            boolean isReady = p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            int restarts = 0;
            String status = p.getStatus() == null || p.getStatus().getPhase() == null ? "Unknown"
                    : p.getStatus().getPhase();
            if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                    restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                    if (cs.getState() != null && cs.getState().getWaiting() != null
                            && cs.getState().getWaiting().getReason() != null) {
                        status = cs.getState().getWaiting().getReason();
                    }
                }
            }
            if (isReady) {
                ready++;
            }
            shown.add(new Pod(p.getMetadata().getName(), status, isReady, restarts));
        }
        String image = rs.getSpec().getTemplate().getSpec().getContainers().isEmpty() ? ""
                : rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        return new Revision(track, rs.getMetadata().getName(), image, replicas(rs), ready, shown);
    }
}
