package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.kube.Workloads;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Blue-green: the new release runs in full as a preview Deployment behind the preview Service, the active Service
 * pinned meanwhile to the stable pods by their pod-template-hash (so it never reaches the preview); analysis on the
 * preview; then the active selector switches to the preview in one write. After the switch the stable pods stay up
 * for the scale-down delay while the post-promotion analysis runs, so switching back is one write too. Finally the
 * stable Deployment takes the new image and the preview scales down.
 */
final class BlueGreenStrategy implements RolloutEngine.Strategy {
    private static final String[] STEPS = {"preview and pre-promotion analysis", "switched; post-promotion analysis",
        "stable Deployment takes the release"};

    private final RolloutEngine engine;
    private final StrategySpec.BlueGreen blueGreen;
    private Map<String, String> originalSelector;
    private String stableHash;
    private String previousStableImage;

    BlueGreenStrategy(RolloutEngine engine, StrategySpec.BlueGreen blueGreen) {
        this.engine = engine;
        this.blueGreen = blueGreen;
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
    static Optional<String> stablePodsHash(Workloads workloads, RolloutSpec spec, String stableImage) {
        return Optional.ofNullable(stableImage)
                .flatMap(image -> workloads.podTemplateHashRunning(spec.deployment(), spec.container(), image))
                .or(() -> workloads.currentPodTemplateHash(spec.deployment()));
    }

    /**
     * The end of a rollback, once traffic is on the stable pods: the preview scaled down, and the active Service's
     * selector given back its user's form when the stable Deployment is rolled out (until then it stays pinned to the
     * stable pods, so it never reaches pods that are going away).
     */
    static void scaleDownPreview(Workloads workloads, RolloutSpec spec, String activeService,
            Map<String, String> userSelector) {
        workloads.scale(spec.canaryDeployment(), 0);
        if (Workloads.isRolledOut(workloads.require(spec.deployment()))) {
            workloads.setSelector(activeService, userSelector);
        }
    }

    @Override
    public void prepare() {
        Service active = engine.workloads.requireService(blueGreen.activeService());
        engine.workloads.requireService(blueGreen.previewService());
        originalSelector = userSelector(active);
        if (originalSelector.isEmpty()) {
            throw new UsageException("Service " + engine.spec.namespace() + "/" + blueGreen.activeService()
                    + " has no selector; blue-green switches traffic by changing it");
        }
        Workloads.container(engine.workloads.require(engine.spec.deployment()), engine.spec.container());
    }

    @Override
    public int stepCount() {
        return STEPS.length;
    }

    private Map<String, String> selector(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(originalSelector);
        s.put(key, value);
        return s;
    }

    @Override
    public RolloutResult run() throws InterruptedException {
        RolloutSpec spec = engine.spec;
        previousStableImage = engine.status.stableImage();
        stableHash = stablePodsHash(engine.workloads, spec, previousStableImage).orElseThrow(() -> new UsageException(
                "Deployment " + spec.qualifiedName() + " has no ReplicaSet yet; blue-green pins the active Service to "
                        + "its pods by pod-template-hash"));
        if (engine.status.phase() == RolloutPhase.ABORTING) {
            return rollback(new RolloutEngine.Interrupt(RolloutEngine.Interrupt.Kind.ROLLBACK, engine.status.trigger(),
                    RolloutEngine.ENGINE_ACTOR, "finishing the rollback an earlier engine started"));
        }
        int stepIndex = engine.status.stepIndex();
        if (engine.status.phase() == RolloutPhase.PROMOTING) {
            return finalise();
        }
        if (stepIndex == 0) {
            engine.step(0, STEPS[0]);
            engine.workloads.setSelector(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH, stableHash));
            Deployment stable = engine.workloads.require(spec.deployment());
            engine.workloads.applyCanary(stable, spec.canaryDeployment(), spec.container(), spec.image(),
                    Workloads.replicas(stable));
            engine.workloads.setSelector(blueGreen.previewService(), selector(Workloads.TRACK_LABEL, "canary"));
            RolloutEngine.Interrupt notReady = engine.waitUntil(engine.rolledOut(spec.canaryDeployment()),
                    "preview pods");
            if (notReady != null && notReady.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
                return rollback(notReady);
            }
            engine.startAnalysis(blueGreen.prePromotionAnalysis(), engine.metrics, engine.pods);
            RolloutEngine.Interrupt pre = notReady != null ? notReady
                    : engine.waitStep(blueGreen.autoPromotion(), true, Duration.ZERO);
            if (pre != null && pre.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
                return rollback(pre);
            }
            if (pre != null && pre.kind() == RolloutEngine.Interrupt.Kind.PROMOTE_FULL) {
                switchToPreview();
                return finalise();
            }
            switchToPreview();
            stepIndex = 1;
        }
        if (stepIndex == 1) {
            engine.step(1, STEPS[1]);
            engine.startAnalysis(blueGreen.postPromotionAnalysis(), engine.metrics, engine.pods);
            RolloutEngine.Interrupt post = engine.waitStep(blueGreen.scaleDownDelay(),
                    !blueGreen.postPromotionAnalysis().isEmpty(), engine.elapsedInStep());
            if (post != null && post.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
                return rollback(post);
            }
        }
        return finalise();
    }

    private void switchToPreview() {
        engine.workloads.setSelector(blueGreen.activeService(), selector(Workloads.TRACK_LABEL, "canary"));
        engine.recordWeight(100, 100);
    }

    private RolloutResult finalise() throws InterruptedException {
        RolloutSpec spec = engine.spec;
        engine.stopAnalysis();
        engine.step(2, STEPS[2]);
        engine.transition(RolloutPhase.PROMOTING, "moving the stable Deployment to " + spec.image(),
                RolloutEngine.ENGINE_ACTOR, "preview promoted");
        engine.workloads.setImage(spec.deployment(), spec.container(), spec.image());
        RolloutEngine.Interrupt interrupt = engine.waitUntil(engine.rolledOut(spec.deployment()),
                "stable Deployment on " + spec.image());
        if (interrupt != null && interrupt.kind() == RolloutEngine.Interrupt.Kind.ROLLBACK) {
            return rollback(interrupt);
        }
        String newHash = engine.workloads.currentPodTemplateHash(spec.deployment()).orElse(stableHash);
        engine.workloads.setSelector(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH, newHash));
        engine.workloads.scale(spec.canaryDeployment(), 0);
        engine.workloads.setSelector(blueGreen.activeService(), originalSelector);
        engine.status = engine.status.withImages(spec.image(), spec.image(), engine.now());
        engine.recordWeight(0, 0);
        return engine.finish(RolloutPhase.SUCCEEDED, "promoted " + spec.image(), RolloutEngine.ENGINE_ACTOR,
                "preview promoted");
    }

    private RolloutResult rollback(RolloutEngine.Interrupt why) throws InterruptedException {
        RolloutSpec spec = engine.spec;
        return engine.rollBack(why, new RolloutEngine.RollbackSteps() {
            @Override
            public void trafficToStable() {
                Deployment stable = engine.workloads.require(spec.deployment());
                if (previousStableImage != null
                        && !previousStableImage.equals(Workloads.container(stable, spec.container()).getImage())) {
                    // Aborted while promoting: the old template comes back with its old pod-template-hash.
                    engine.workloads.setImage(spec.deployment(), spec.container(), previousStableImage);
                }
                // The stable pods never stopped running: pointing the active Service back at them is instant.
                engine.workloads.setSelector(blueGreen.activeService(), selector(Workloads.POD_TEMPLATE_HASH,
                        stableHash));
            }

            @Override
            public void scaleDown() {
                scaleDownPreview(engine.workloads, spec, blueGreen.activeService(), originalSelector);
            }
        });
    }
}
