package io.cicdmanager.kube;

import io.cicdmanager.UsageException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployments and Services a rollout works on: reading images, creating the canary Deployment as a copy of the
 * stable one, scaling, switching a Service's selector, and undoing a Deployment to its previous revision the way
 * {@code kubectl rollout undo} does.
 */
public final class Workloads {
    /** Marks the engine's canary pods, Deployments and Services. */
    public static final String TRACK_LABEL = "cicd-manager.io/track";
    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final KubernetesClient client;
    private final String namespace;
    private final Runnable beforeWrite;

    public Workloads(KubernetesClient client, String namespace) {
        this(client, namespace, () -> {
        });
    }

    private Workloads(KubernetesClient client, String namespace, Runnable beforeWrite) {
        this.client = client;
        this.namespace = namespace;
        this.beforeWrite = beforeWrite;
    }

    /**
     * The same workloads, running {@code check} before every write: how an engine makes sure it still owns the
     * rollout (its lease on the record) before it changes anything in the cluster.
     */
    public Workloads withWriteGuard(Runnable check) {
        return new Workloads(client, namespace, check);
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    public Optional<Deployment> find(String name) {
        try {
            return Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    public Deployment require(String name) {
        return find(name).orElseThrow(() -> new UsageException("Deployment " + namespace + "/" + name + " not found"));
    }

    /** The container a rollout changes: the named one, or the first. */
    public static Container container(Deployment d, String name) {
        return container(d.getSpec().getTemplate(), name);
    }

    public static Container container(PodTemplateSpec template, String name) {
        List<Container> containers = template.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            throw new UsageException("the pod template has no containers");
        }
        if (name == null) {
            return containers.get(0);
        }
        return containers.stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new UsageException("the pod template has no container '"
                        + name + "'; its containers: " + String.join(", ", containers.stream().map(Container::getName)
                                .toList())));
    }

    public static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static int ready(Deployment d) {
        Integer r = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return r == null ? 0 : r;
    }

    /**
     * True when the Deployment's controller has caught up with its spec: every replica updated, ready and available.
     */
    public static boolean isRolledOut(Deployment d) {
        if (d.getStatus() == null) {
            return replicas(d) == 0;
        }
        Long generation = d.getMetadata().getGeneration();
        Long observed = d.getStatus().getObservedGeneration();
        if (generation != null && observed != null && observed < generation) {
            return false;
        }
        int want = replicas(d);
        return orZero(d.getStatus().getUpdatedReplicas()) >= want && orZero(d.getStatus().getReadyReplicas()) >= want
                && orZero(d.getStatus().getAvailableReplicas()) >= want
                && orZero(d.getStatus().getReplicas()) <= want;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /**
     * Creates (or updates) the canary Deployment: the stable Deployment's pod template with {@code image} and the
     * canary track label, at {@code replicas} pods.
     */
    public Deployment applyCanary(Deployment stable, String canaryName, String containerName, String image, int replicas) {
        beforeWrite.run();
        PodTemplateSpec template = new DeploymentBuilder(stable).build().getSpec().getTemplate();
        Map<String, String> podLabels = new LinkedHashMap<>(template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels());
        podLabels.put(TRACK_LABEL, "canary");
        template.getMetadata().setLabels(podLabels);
        container(template, containerName).setImage(image);
        Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : stable.getSpec().getSelector().getMatchLabels());
        selector.put(TRACK_LABEL, "canary");
        Deployment canary = new DeploymentBuilder()
                .withNewMetadata().withName(canaryName).withNamespace(namespace)
                .addToLabels(stable.getMetadata().getLabels() == null ? Map.of() : stable.getMetadata().getLabels())
                .addToLabels(RecordConfigMap.MANAGED_BY_LABEL, RecordConfigMap.MANAGED_BY)
                .addToLabels(TRACK_LABEL, "canary")
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector()
                .withTemplate(template).endSpec()
                .build();
        if (find(canaryName).isPresent()) {
            return KubernetesFailures.retryOnConflict(client, () -> client.apps().deployments().inNamespace(namespace)
                    .withName(canaryName).edit(d -> {
                        d.getSpec().setTemplate(template);
                        d.getSpec().setReplicas(replicas);
                        return d;
                    }));
        }
        try {
            return client.apps().deployments().inNamespace(namespace).resource(canary).create();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    public void scale(String name, int replicas) {
        beforeWrite.run();
        if (find(name).isPresent()) {
            KubernetesFailures.retryOnConflict(client,
                    () -> client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas));
        }
    }

    /** Sets the image of one container; the Deployment's own rolling update does the rest. */
    public Deployment setImage(String name, String containerName, String image) {
        beforeWrite.run();
        return KubernetesFailures.retryOnConflict(client,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
                    container(d, containerName).setImage(image);
                    return d;
                }));
    }

    /** Applies a rolling update's surge and unavailability bounds, when the spec gives them. */
    public void setRollingBounds(String name, String maxSurge, String maxUnavailable) {
        beforeWrite.run();
        if (maxSurge == null && maxUnavailable == null) {
            return;
        }
        KubernetesFailures.retryOnConflict(client,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
                    var builder = new DeploymentBuilder(d).editSpec().withNewStrategy().withType("RollingUpdate")
                            .withNewRollingUpdate();
                    if (maxSurge != null) {
                        builder = builder.withNewMaxSurge(maxSurge);
                    }
                    if (maxUnavailable != null) {
                        builder = builder.withNewMaxUnavailable(maxUnavailable);
                    }
                    return builder.endRollingUpdate().endStrategy().endSpec().build();
                }));
    }

    /** The ReplicaSets a Deployment controls, newest revision first. */
    public List<ReplicaSet> replicaSets(Deployment d) {
        try {
            String uid = d.getMetadata().getUid();
            return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                    .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences()
                            .stream().anyMatch(o -> uid != null && uid.equals(o.getUid())
                                    || "Deployment".equals(o.getKind()) && d.getMetadata().getName().equals(o.getName())))
                    .sorted(Comparator.comparingLong(Workloads::revision).reversed())
                    .toList();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    public static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        String r = a == null ? null : a.get(REVISION_ANNOTATION);
        try {
            return r == null ? 0 : Long.parseLong(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The pod-template-hash of the Deployment's current ReplicaSet, which selects exactly its pods. */
    public Optional<String> currentPodTemplateHash(String deployment) {
        Deployment d = require(deployment);
        return replicaSets(d).stream().findFirst().map(Workloads::podTemplateHash);
    }

    private static String podTemplateHash(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(POD_TEMPLATE_HASH);
    }

    /**
     * The pod-template-hash of the newest ReplicaSet of {@code deployment} whose container runs {@code image}: the
     * stable pods of a release, even after the Deployment's template has moved on to another image.
     */
    public Optional<String> podTemplateHashRunning(String deployment, String containerName, String image) {
        return replicaSets(require(deployment)).stream()
                .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> (containerName == null || containerName.equals(c.getName()))
                                && image.equals(c.getImage())))
                .findFirst()
                .map(Workloads::podTemplateHash);
    }

    /**
     * Puts back the pod template of the newest earlier revision whose container runs {@code image}, as
     * {@code kubectl rollout undo --to-revision} would; false when no earlier revision runs it.
     */
    public boolean undoTo(String deployment, String containerName, String image) {
        Deployment d = require(deployment);
        List<ReplicaSet> sets = replicaSets(d);
        Optional<ReplicaSet> target = sets.stream().skip(1)
                .filter(rs -> image.equals(container(rs.getSpec().getTemplate(), containerName).getImage()))
                .findFirst();
        if (target.isEmpty()) {
            return false;
        }
        restoreTemplate(deployment, target.get());
        return true;
    }

    /**
     * Puts the pod template of the previous revision back, as {@code kubectl rollout undo} does; returns that
     * revision's image, or empty when there is no previous revision.
     */
    public Optional<String> undo(String deployment, String containerName) {
        beforeWrite.run();
        Deployment d = require(deployment);
        List<ReplicaSet> sets = replicaSets(d);
        if (sets.size() < 2) {
            return Optional.empty();
        }
        PodTemplateSpec template = restoreTemplate(deployment, sets.get(1));
        return Optional.of(container(template, containerName).getImage());
    }

    private PodTemplateSpec restoreTemplate(String deployment, ReplicaSet revision) {
        beforeWrite.run();
        PodTemplateSpec template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(
                revision.getSpec().getTemplate()).build();
        if (template.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
            labels.remove(POD_TEMPLATE_HASH);
            template.getMetadata().setLabels(labels);
        }
        KubernetesFailures.retryOnConflict(client,
                () -> client.apps().deployments().inNamespace(namespace).withName(deployment).edit(current -> {
                    current.getSpec().setTemplate(template);
                    return current;
                }));
        return template;
    }

    /** How many pods that {@code selector} selects are ready: what a Service with that selector reaches. */
    public int readyPods(Map<String, String> selector) {
        try {
            return (int) client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                            && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                    .count();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    public Service requireService(String name) {
        try {
            Service s = client.services().inNamespace(namespace).withName(name).get();
            if (s == null) {
                throw new UsageException("Service " + namespace + "/" + name + " not found");
            }
            return s;
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.translate(client, e);
        }
    }

    /** Replaces a Service's selector: the instant switch of blue-green. */
    public void setSelector(String service, Map<String, String> selector) {
        beforeWrite.run();
        KubernetesFailures.retryOnConflict(client,
                () -> client.services().inNamespace(namespace).withName(service).edit(s -> {
                    s.getSpec().setSelector(new LinkedHashMap<>(selector));
                    return s;
                }));
    }
}
