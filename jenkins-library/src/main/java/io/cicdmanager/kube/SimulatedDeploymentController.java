package io.cicdmanager.kube;

import io.cicdmanager.json.ObjectMappers;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the Deployment controller and the kubelets on an API server that runs no controllers (Fabric8's
 * CRUD server behind {@code cicd simulate}, the demo and the tests): for each Deployment it keeps one ReplicaSet per
 * pod template with Kubernetes' revision annotation, pods with readiness and restarts, and the Deployment's status.
 * A rolling update completes at once when the new pods are ready; when they are not, it stalls where Kubernetes'
 * would, within {@code maxSurge} and {@code maxUnavailable}, the old pods still serving. Faults can be injected per
 * Deployment (its current ReplicaSet's pods) or per image (every pod running it, in whichever Deployment).
 */
public final class SimulatedDeploymentController {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDeploymentController.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, PodFaults> faults = new ConcurrentHashMap<>();
    private final Map<String, PodFaults> imageFaults = new ConcurrentHashMap<>();
    /** The resourceVersion each Deployment had when it was last settled: unchanged ones cost nothing. */
    private final Map<String, String> settled = new ConcurrentHashMap<>();

    /** Pods of a Deployment that fail readiness, how often each has restarted, and whether they crash-loop. */
    public record PodFaults(int notReady, int restarts, boolean crashLooping) {
        public static final PodFaults NONE = new PodFaults(0, 0, false);

        /** Every pod fails readiness; crashing ones restart in a loop. */
        public static PodFaults allUnready(boolean crashing) {
            return new PodFaults(Integer.MAX_VALUE, crashing ? 5 : 0, crashing);
        }

        int ready(int pods) {
            return Math.max(0, pods - Math.min(pods, notReady));
        }

        PodFaults worst(PodFaults other) {
            return new PodFaults(Math.max(notReady, other.notReady), Math.max(restarts, other.restarts),
                    crashLooping || other.crashLooping);
        }
    }

    public SimulatedDeploymentController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public void setFaults(String deployment, PodFaults podFaults) {
        faults.put(deployment, podFaults);
        settled.remove(deployment);
    }

    /** Faults of every pod whose containers run {@code image}, in whichever Deployment and ReplicaSet. */
    public void setImageFaults(String image, PodFaults podFaults) {
        imageFaults.put(image, podFaults);
        settled.clear();
    }

    /** Brings every Deployment of the namespace, its ReplicaSets and pods to where a real cluster would settle. */
    public synchronized void reconcile() {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                    String name = d.getMetadata().getName();
                    if (!d.getMetadata().getResourceVersion().equals(settled.get(name))) {
                        String version = reconcile(d);
                        if (version == null) {
                            settled.remove(name);
                        } else {
                            settled.put(name, version);
                        }
                    }
                }
                return;
            } catch (KubernetesClientException e) {
                // A conflict with a concurrent writer (the engine scaling): read again and settle what is there now.
                LOG.debug("simulated controller pass interrupted: {}", e.getMessage());
            }
        }
    }

    /**
     * A pass started by the watch: when the client is closing (the demo or test is stopping), its calls fail, and
     * the next change or pass settles what this one did not, so a failure is noted, not shouted.
     */
    private void reconcileFromWatch() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.debug("simulated controller pass failed: {}", e.toString());
        }
    }

    /** Reconciles whenever a Deployment changes, for runs on the real clock; close the informer to stop. */
    public SharedIndexInformer<Deployment> watch() {
        return client.apps().deployments().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment obj) {
                reconcileFromWatch();
            }

            @Override
            public void onUpdate(Deployment oldObj, Deployment newObj) {
                if (!Objects.equals(oldObj.getSpec(), newObj.getSpec())) {
                    reconcileFromWatch();
                }
            }

            @Override
            public void onDelete(Deployment obj, boolean deletedFinalStateUnknown) {
                // Nothing to settle: the test or demo that deleted it owns what is left.
            }
        }, 0);
    }

    static String templateHash(Deployment d) {
        try {
            byte[] json = ObjectMappers.compactJson().writeValueAsString(d.getSpec().getTemplate())
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Settles one Deployment; returns its resourceVersion afterwards, or null when its spec changed while it was
     * being settled (the next pass must look again).
     */
    private String reconcile(Deployment d) {
        String name = d.getMetadata().getName();
        String hash = templateHash(d);
        int desired = Workloads.replicas(d);
        List<ReplicaSet> owned = new Workloads(client, namespace).replicaSets(d);
        long maxRevision = owned.stream().mapToLong(Workloads::revision).max().orElse(0);
        ReplicaSet current = owned.stream().filter(rs -> hash.equals(labels(rs).get(Workloads.POD_TEMPLATE_HASH)))
                .findFirst().orElse(null);
        if (current == null) {
            Map<String, String> podLabels = new LinkedHashMap<>(d.getSpec().getTemplate().getMetadata().getLabels());
            podLabels.put(Workloads.POD_TEMPLATE_HASH, hash);
            current = client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName(name + "-" + hash).withNamespace(namespace).withLabels(podLabels)
                    .addToAnnotations(Workloads.REVISION_ANNOTATION, Long.toString(maxRevision + 1))
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName(name).withUid(d.getMetadata().getUid()).withController(true).build())
                    .endMetadata()
                    .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(podLabels).endSelector()
                    .withTemplate(d.getSpec().getTemplate()).endSpec()
                    .build()).create();
            owned = new ArrayList<>(owned);
            owned.add(current);
        } else if (Workloads.revision(current) < maxRevision) {
            // Rolling back to an older template makes it the newest revision, as Kubernetes does.
            long next = maxRevision + 1;
            current = client.apps().replicaSets().inNamespace(namespace).withName(current.getMetadata().getName())
                    .edit(rs -> {
                        rs.getMetadata().getAnnotations().put(Workloads.REVISION_ANNOTATION, Long.toString(next));
                        return rs;
                    });
        }
        PodFaults current0 = faults.getOrDefault(name, PodFaults.NONE).worst(faultsOf(current));
        Map<String, Integer> scale = rollingUpdate(d, desired, current, owned, current0);
        int ready = 0;
        int replicas = 0;
        int newPods = 0;
        for (ReplicaSet rs : owned) {
            boolean isCurrent = rs.getMetadata().getName().equals(current.getMetadata().getName());
            int want = scale.getOrDefault(rs.getMetadata().getName(), 0);
            if (!Objects.equals(rs.getSpec().getReplicas(), want)) {
                client.apps().replicaSets().inNamespace(namespace).withName(rs.getMetadata().getName())
                        .edit(r -> {
                            r.getSpec().setReplicas(want);
                            return r;
                        });
            }
            ready += pods(rs, want, isCurrent ? current0 : faultsOf(rs));
            replicas += want;
            if (isCurrent) {
                newPods = want;
            }
        }
        int readyReplicas = ready;
        int allReplicas = replicas;
        int updatedReplicas = newPods;
        Long generation = d.getMetadata().getGeneration();
        boolean changed = d.getStatus() == null
                || !Objects.equals(d.getStatus().getReplicas(), allReplicas)
                || !Objects.equals(d.getStatus().getUpdatedReplicas(), updatedReplicas)
                || !Objects.equals(d.getStatus().getReadyReplicas(), readyReplicas)
                || !Objects.equals(d.getStatus().getObservedGeneration(), generation);
        if (changed) {
            Deployment updated = client.apps().deployments().inNamespace(namespace).withName(name).editStatus(dep -> {
                if (dep.getStatus() == null) {
                    dep.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
                }
                dep.getStatus().setReplicas(allReplicas);
                dep.getStatus().setUpdatedReplicas(updatedReplicas);
                dep.getStatus().setReadyReplicas(readyReplicas);
                dep.getStatus().setAvailableReplicas(readyReplicas);
                dep.getStatus().setObservedGeneration(generation);
                return dep;
            });
            return Objects.equals(updated.getSpec(), d.getSpec()) ? updated.getMetadata().getResourceVersion() : null;
        }
        return d.getMetadata().getResourceVersion();
    }

    /** The faults of pods running {@code rs}'s template: those of any image its containers run. */
    private PodFaults faultsOf(ReplicaSet rs) {
        PodFaults worst = PodFaults.NONE;
        for (var c : rs.getSpec().getTemplate().getSpec().getContainers()) {
            PodFaults f = imageFaults.get(c.getImage());
            if (f != null) {
                worst = worst.worst(f);
            }
        }
        return worst;
    }

    /**
     * How many pods each ReplicaSet gets: all {@code desired} for the current one when its pods become ready;
     * otherwise where Kubernetes' rolling update would stall. It scales the new ReplicaSet up within
     * {@code maxSurge} and the old ones down only while {@code maxUnavailable} allows, counting only ready pods as
     * available, so unready new pods leave old ones serving (with {@code Recreate}, the old ones go at once).
     */
    private Map<String, Integer> rollingUpdate(Deployment d, int desired, ReplicaSet current,
            List<ReplicaSet> owned, PodFaults currentFaults) {
        Map<String, Integer> scale = new LinkedHashMap<>();
        String currentName = current.getMetadata().getName();
        List<ReplicaSet> old = owned.stream().filter(rs -> !rs.getMetadata().getName().equals(currentName))
                .filter(rs -> rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0)
                .sorted(java.util.Comparator.comparingLong(Workloads::revision).reversed()).toList();
        int oldPods = old.stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum();
        var strategy = d.getSpec().getStrategy();
        boolean recreate = strategy != null && "Recreate".equals(strategy.getType());
        if (currentFaults.ready(desired) >= desired || oldPods == 0 || recreate) {
            scale.put(currentName, desired);
            return scale;
        }
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        int surge = podCount(rolling == null ? null : rolling.getMaxSurge(), desired, true);
        int unavailable = podCount(rolling == null ? null : rolling.getMaxUnavailable(), desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1; // Kubernetes refuses both at 0
        }
        int fresh = current.getSpec().getReplicas() == null ? 0 : current.getSpec().getReplicas();
        int stale = oldPods;
        for (int round = 0; round < 2 * desired + 2; round++) {
            int scaledUp = Math.min(desired, Math.max(fresh, desired + surge - stale));
            int available = currentFaults.ready(scaledUp) + readyAmong(old, stale);
            int removable = Math.max(0, Math.min(stale, available - (desired - unavailable)));
            if (scaledUp == fresh && removable == 0) {
                break;
            }
            fresh = scaledUp;
            stale -= removable;
        }
        scale.put(currentName, fresh);
        // Old ReplicaSets give up their pods oldest first, as the Deployment controller scales them down.
        for (ReplicaSet rs : old) {
            int keep = Math.min(stale, rs.getSpec().getReplicas());
            scale.put(rs.getMetadata().getName(), keep);
            stale -= keep;
        }
        return scale;
    }

    /** How many of the first {@code pods} pods of the old ReplicaSets (newest first) are ready. */
    private int readyAmong(List<ReplicaSet> old, int pods) {
        int ready = 0;
        int left = pods;
        for (ReplicaSet rs : old) {
            int here = Math.min(left, rs.getSpec().getReplicas());
            ready += faultsOf(rs).ready(here);
            left -= here;
        }
        return ready;
    }

    /** A rolling update bound as a pod count: percentages round up for maxSurge and down for maxUnavailable. */
    private static int podCount(io.fabric8.kubernetes.api.model.IntOrString value, int desired, boolean roundUp) {
        if (value == null) {
            return roundUp ? (int) Math.ceil(desired * 0.25) : (int) Math.floor(desired * 0.25);
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().trim();
        double share = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text) / 100.0;
        return roundUp ? (int) Math.ceil(desired * share) : (int) Math.floor(desired * share);
    }

    /** Makes the ReplicaSet's pods number {@code want}; returns how many are ready. */
    private int pods(ReplicaSet rs, int want, PodFaults podFaults) {
        String rsName = rs.getMetadata().getName();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(rs.getSpec().getSelector().getMatchLabels())
                .list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(rsName + "-"))
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        int ready = 0;
        for (int i = 0; i < Math.max(want, pods.size()); i++) {
            String podName = rsName + "-" + i;
            if (i >= want) {
                client.pods().inNamespace(namespace).withName(pods.get(i).getMetadata().getName()).delete();
                continue;
            }
            boolean isReady = i >= podFaults.notReady();
            Pod existing = i < pods.size() ? pods.get(i) : null;
            Pod wanted = pod(rs, podName, isReady, podFaults);
            if (existing == null) {
                client.pods().inNamespace(namespace).resource(wanted).create();
            } else if (!Objects.equals(existing.getStatus(), wanted.getStatus())) {
                client.pods().inNamespace(namespace).withName(podName).editStatus(p -> {
                    p.setStatus(wanted.getStatus());
                    return p;
                });
            }
            if (isReady) {
                ready++;
            }
        }
        return ready;
    }

    private Pod pod(ReplicaSet rs, String podName, boolean ready, PodFaults podFaults) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (var c : rs.getSpec().getTemplate().getSpec().getContainers()) {
            ContainerStatusBuilder status = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(ready).withRestartCount(podFaults.restarts());
            if (podFaults.crashLooping() && !ready) {
                status.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState();
            } else {
                status.withNewState().withNewRunning().endRunning().endState();
            }
            statuses.add(status.build());
        }
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace)
                .withLabels(rs.getSpec().getSelector().getMatchLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true)
                        .build())
                .endMetadata()
                .withSpec(rs.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(statuses)
                .endStatus()
                .build();
    }

    private static Map<String, String> labels(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
    }
}
