package io.cicdmanager.kube;

import io.cicdmanager.analysis.PodHealth;
import io.cicdmanager.analysis.PodHealthSource;
import io.cicdmanager.analysis.Track;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pod health from Kubernetes: the pods a track's selector picks (the canary's carry the canary track label; the
 * stable track is the rest of the application's pods), with readiness, restarts and crash loops.
 */
public final class KubernetesPodHealth implements PodHealthSource {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> appSelector;

    /** {@code appSelector} picks every pod of the application, both tracks. */
    public KubernetesPodHealth(KubernetesClient client, String namespace, Map<String, String> appSelector) {
        this.client = client;
        this.namespace = namespace;
        this.appSelector = Map.copyOf(appSelector);
    }

    @Override
    public Optional<PodHealth> health(Track track) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(namespace).withLabels(appSelector).list().getItems();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
        int total = 0;
        int ready = 0;
        int restarts = 0;
        int crashLooping = 0;
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            boolean canary = labels != null && "canary".equals(labels.get(Workloads.TRACK_LABEL));
            if (canary != (track == Track.CANARY) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            total++;
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                    .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                ready++;
            }
            boolean looping = false;
            if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                    restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                    if (cs.getState() != null && cs.getState().getWaiting() != null
                            && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason())) {
                        looping = true;
                    }
                }
            }
            if (looping) {
                crashLooping++;
            }
        }
        return total == 0 ? Optional.empty() : Optional.of(new PodHealth(total, ready, restarts, crashLooping));
    }
}
