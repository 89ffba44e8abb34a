package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Blue-green: the new release runs in full as a preview Deployment behind the preview Service, the active Service
 * pinned meanwhile to the stable pods by their pod-template-hash (so it never reaches the preview); analysis on the
 * preview; then the active selector switches to the preview in one write, once every preview pod is ready. After the
 * switch the stable pods stay up for the scale-down delay while the post-promotion analysis runs, so switching back
 * is one write too. Finally the stable Deployment takes the new image and the preview scales down.
 */
final class BlueGreenStrategy implements Strategy {
    private static final String[] STEPS = {"preview and pre-promotion analysis", "switched; post-promotion analysis",
        "stable Deployment takes the release"};

    private final RolloutSpec spec;
    private final StrategySpec.BlueGreen blueGreen;
    private final Workloads workloads;
    private final TrafficGuard traffic;
    private Map<String, String> originalSelector;

    BlueGreenStrategy(RolloutSpec spec, StrategySpec.BlueGreen blueGreen, Workloads workloads, TrafficGuard traffic) {
        this.spec = spec;
        this.blueGreen = blueGreen;
        this.workloads = workloads;
        this.traffic = traffic;
    }

    /** A Service's selector without what the engine adds: the selector the user wrote. */
    static Map<String, String> userSelector(Service service) {
        Map<String, String> selector = new LinkedHashMap<>(service.getSpec().getSelector() == null ? Map.of()
                : service.getSpec().getSelector());
        selector.remove(Workloads.POD_TEMPLATE_HASH);
        selector.remove(Workloads.TRACK_LABEL);
        return selector;
    }

    /**
     * The pod-template-hash of the stable pods: those running the stable image. An engine resuming a promotion, or a
     * rollback of an orphan, finds the Deployment's template already on the release; traffic must go back to the old
     * pods, not to those.
     */
    private Optional<String> stablePodsHash(String stableImage) {
        return Optional.ofNullable(stableImage)
                .flatMap(image -> workloads.podTemplateHashRunning(spec.deployment(), spec.container(), image))
                .or(() -> workloads.currentPodTemplateHash(spec.deployment()));
    }

    @Override
    public String routerName() {
        return "service-selector";
    }

    @Override
    public int stepCount() {
        return STEPS.length;
    }

    @Override
    public void prepare() {
        Service active = workloads.requireService(blueGreen.activeService());
        workloads.requireService(blueGreen.previewService());
        originalSelector = userSelector(active);
        if (originalSelector.isEmpty()) {
            throw new UsageException("Service " + spec.namespace() + "/" + blueGreen.activeService()
                    + " has no selector; blue-green switches traffic by changing it");
        }
        Workloads.container(workloads.require(spec.deployment()), spec.container());
    }

    private Map<String, String> selector(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(originalSelector());
        s.put(key, value);
        return s;
    }

    /** The active Service's selector as its user wrote it; read from the Service when rolling back an orphan. */
    private Map<String, String> originalSelector() {
        if (originalSelector == null) {
            originalSelector = userSelector(workloads.requireService(blueGreen.activeService()));
        }
        return originalSelector;
    }

    @Override
    public RolloutResult run(RolloutDriver d) throws InterruptedException {
        RolloutStatus status = d.status();
        String stableHash = stablePodsHash(status.stableImage()).orElseThrow(() -> new UsageException(
                "Deployment " + spec.namespace() + "/" + spec.deployment() + " has no ReplicaSet yet; blue-green pins "
                        + "the active Service to its pods by pod-template-hash"));
        int stepIndex = status.stepIndex();
        if (status.phase() == RolloutPhase.PROMOTING || stepIndex >= 2) {
            return finalise(d);
        }
        if (stepIndex == 0) {
            d.step(0, STEPS[0]);
            // Narrowing the active selector to pods it already reaches moves no traffic anywhere new.
            workloads.setSelector(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH, stableHash));
            Deployment stable = workloads.require(spec.deployment());
            workloads.applyCanary(stable, spec.canaryDeployment(), spec.container(), spec.image(),
                    Workloads.replicas(stable));
            workloads.setSelector(blueGreen.previewService(), selector(Workloads.TRACK_LABEL, "canary"));
            Interrupt promoted = d.awaitPods(this::previewPods, "preview pods");
            if (promoted != null && promoted.rollsBack()) {
                return d.rollBack(promoted);
            }
            d.analyse(blueGreen.prePromotionAnalysis(), false);
            Interrupt pre = promoted != null ? promoted : d.waitStep(blueGreen.autoPromotion(), true, Duration.ZERO);
            if (pre != null && pre.rollsBack()) {
                return d.rollBack(pre);
            }
            switchToPreview(d);
            if (pre != null && pre.promotesFully()) {
                return finalise(d);
            }
            stepIndex = 1;
        }
        Duration elapsed = d.elapsedInStep();
        if (elapsed.isZero()) {
            d.step(1, STEPS[1]);
        }
        watchPreview(d);
        d.analyse(blueGreen.postPromotionAnalysis(), false);
        Interrupt post = d.waitStep(blueGreen.scaleDownDelay(), !blueGreen.postPromotionAnalysis().isEmpty(), elapsed);
        if (post != null && post.rollsBack()) {
            return d.rollBack(post);
        }
        return finalise(d);
    }

    /** The preview is saturated (Argo's word): every pod it wants is updated and ready. */
    private RolloutDriver.PodsReady previewPods() {
        Deployment preview = workloads.find(spec.canaryDeployment()).orElse(null);
        int wanted = preview == null ? 0 : Workloads.replicas(preview);
        int ready = preview == null ? 0 : Workloads.ready(preview);
        return new RolloutDriver.PodsReady(ready, wanted, preview != null && Workloads.isRolledOut(preview));
    }

    private void switchToPreview(RolloutDriver d) {
        int wanted = Workloads.replicas(workloads.require(spec.canaryDeployment()));
        traffic.pointService(blueGreen.activeService(), selector(Workloads.TRACK_LABEL, "canary"), wanted,
                "the preview pods");
        d.weights(100, 100, true);
        watchPreview(d);
    }

    /** After the switch the preview serves everyone: its pods are watched until stable takes over. */
    private void watchPreview(RolloutDriver d) {
        d.watchServing(() -> {
            RolloutDriver.PodsReady preview = previewPods();
            return new RolloutDriver.PodsReady(workloads.readyPods(selector(Workloads.TRACK_LABEL, "canary")),
                    preview.needed(), preview.done());
        }, "preview pods serving all traffic");
    }

    private RolloutResult finalise(RolloutDriver d) throws InterruptedException {
        d.stopAnalysis();
        d.step(2, STEPS[2]);
        d.promoting("moving the stable Deployment to " + spec.image(), RolloutEngine.ENGINE_ACTOR, "preview promoted");
        workloads.setImage(spec.deployment(), spec.container(), spec.image());
        Interrupt interrupt = d.awaitPods(() -> {
            Deployment stable = workloads.require(spec.deployment());
            return new RolloutDriver.PodsReady(Workloads.ready(stable), Workloads.replicas(stable),
                    Workloads.isRolledOut(stable));
        }, "stable Deployment on " + spec.image());
        if (interrupt != null && interrupt.rollsBack()) {
            return d.rollBack(interrupt);
        }
        int replicas = Workloads.replicas(workloads.require(spec.deployment()));
        String newHash = workloads.currentPodTemplateHash(spec.deployment()).orElseThrow();
        traffic.pointService(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH, newHash), replicas,
                "the stable pods on " + spec.image());
        d.watchServing(null, null);
        workloads.scale(spec.canaryDeployment(), 0);
        traffic.pointService(blueGreen.activeService(), originalSelector(), replicas, "the stable pods");
        d.weights(0, 0, true);
        return d.succeeded("promoted " + spec.image(), RolloutEngine.ENGINE_ACTOR, "preview promoted");
    }

    @Override
    public Rollback rollback(RolloutStatus recorded) {
        String stableImage = recorded.stableImage();
        return new Rollback() {
            @Override
            public void trafficToStable() {
                Deployment stable = workloads.require(spec.deployment());
                if (stableImage != null && !stableImage.equals(Workloads.container(stable, spec.container()).getImage())) {
                    // Aborted while promoting: the old template comes back with its old pod-template-hash.
                    workloads.setImage(spec.deployment(), spec.container(), stableImage);
                }
                String hash = stablePodsHash(stableImage).orElseThrow(() -> new TrafficRefusedException(
                        "no ReplicaSet of " + spec.deployment() + " runs " + stableImage));
                // The stable pods never stopped running: pointing the active Service back at them is instant.
                traffic.pointService(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH, hash), 1,
                        "the stable pods");
            }

            /**
             * The preview scaled down, and the active Service's selector given back its user's form when the stable
             * Deployment is rolled out (until then it stays pinned to the stable pods, so it never reaches pods that
             * are going away).
             */
            @Override
            public void scaleDown() {
                workloads.scale(spec.canaryDeployment(), 0);
                if (Workloads.isRolledOut(workloads.require(spec.deployment()))) {
                    workloads.setSelector(blueGreen.activeService(), originalSelector());
                }
            }
        };
    }
}
