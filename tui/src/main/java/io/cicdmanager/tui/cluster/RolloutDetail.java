package io.cicdmanager.tui.cluster;

import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.EventLine;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import java.util.List;

/**
 * What only the detail view needs and the record does not hold: each revision's pods from the cluster, and the
 * record's Kubernetes Events read back as audit entries (who did what, why) or, when they are not ours, as events.
 */
public record RolloutDetail(List<Revision> revisions, List<EventLine> events, List<AuditLine> audit) {
    public static final RolloutDetail NONE = new RolloutDetail(List.of(), List.of(), List.of());

    public RolloutDetail {
        revisions = List.copyOf(revisions);
        events = List.copyOf(events);
        audit = List.copyOf(audit);
    }
}
