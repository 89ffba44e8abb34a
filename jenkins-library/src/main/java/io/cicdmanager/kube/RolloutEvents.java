package io.cicdmanager.kube;

import io.cicdmanager.audit.AuditEntry;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors what happens to a rollout as Kubernetes Events on its record, so {@code kubectl describe cm
 * cicd-rollout-<name>} and {@code kubectl get events} tell the story too.
 */
public final class RolloutEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutEvents.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KubernetesClient client;
    private final Clock clock;

    public RolloutEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Records one event; a failure to write it is logged, not thrown, because the audit log already holds the
     * entry and an event must never stop a rollback.
     */
    public void emit(String namespace, String rollout, String reason, String message, boolean warning) {
        Instant now = clock.instant();
        String cmName = RecordConfigMap.configMapName(rollout);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(cmName + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(SEQUENCE.incrementAndGet()))
                .addToLabels(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY)
                .addToLabels(RecordConfigMap.ROLLOUT_LABEL, rollout)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(cmName)
                .withNamespace(namespace)
                .endInvolvedObject()
                .withReason(reason(reason))
                .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withType(warning ? "Warning" : "Normal")
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withNewSource().withComponent(RecordConfigMap.MANAGED_BY).endSource()
                .withReportingComponent(RecordConfigMap.MANAGED_BY)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, namespace, cmName, e.getMessage());
        }
    }

    /** The events on a rollout's record, oldest first. */
    public List<Event> list(String namespace, String rollout) {
        try {
            return client.v1().events().inNamespace(namespace).withLabel(RecordConfigMap.ROLLOUT_LABEL, rollout).list()
                    .getItems().stream()
                    .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getFirstTimestamp())))
                    .toList();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    /**
     * One Event on a rollout's record as people read it: when, its reason and message, and the audit entry it mirrors
     * (empty for an Event that is not the audit trail's).
     */
    public record Told(Instant at, String reason, String message, Optional<AuditEntry> audit) {
    }

    /** The latest {@code limit} events on a rollout's record, oldest first. */
    public List<Told> recent(String namespace, String rollout, int limit) {
        List<Event> all = list(namespace, rollout);
        List<Told> out = new ArrayList<>();
        for (Event e : all.subList(Math.max(0, all.size() - limit), all.size())) {
            Instant at = time(e);
            out.add(new Told(at, String.valueOf(e.getReason()), String.valueOf(e.getMessage()),
                    RecordAuditLog.read(namespace + "/" + rollout, at, e.getMessage())));
        }
        return out;
    }

    /** When an event last happened, or first when that is all it says; the epoch when neither reads. */
    private static Instant time(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getFirstTimestamp()}) {
            if (t != null) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException ignored) {
                    // the other timestamp may be readable
                }
            }
        }
        return Instant.EPOCH;
    }

    /** Event reasons are CamelCase words: {@code rollback} becomes {@code Rollback}, {@code promote-full} {@code PromoteFull}. */
    static String reason(String action) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : action.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return sb.length() == 0 ? "Rollout" : sb.toString().substring(0, 1).toUpperCase(Locale.ROOT) + sb.substring(1);
    }
}
