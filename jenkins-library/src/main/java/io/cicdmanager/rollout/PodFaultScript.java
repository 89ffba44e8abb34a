package io.cicdmanager.rollout;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.SimulatedDeploymentController.PodFaults;
import io.cicdmanager.time.VirtualTime;
import java.time.Instant;

/**
 * Plays a scenario's pod faults on the simulated Deployment controller: the stable track's faults on the pods
 * running the stable image, the canary track's on those running the release (the canary, the preview, a rolling
 * update's new ReplicaSet, the stable Deployment once promoted), at the start and at each event's time.
 */
final class PodFaultScript {
    private PodFaultScript() {
    }

    static void schedule(SimulationScenario scenario, SimulatedDeploymentController controller, VirtualTime time,
            Instant start, String stableImage, String releaseImage) {
        apply(scenario, controller, start, start, stableImage, releaseImage);
        for (SimulationScenario.Event e : scenario.events()) {
            if (e.stablePods() != null || e.canaryPods() != null) {
                Instant at = start.plus(e.at());
                time.schedule(at, () -> {
                    apply(scenario, controller, start, at, stableImage, releaseImage);
                    controller.reconcile();
                });
            }
        }
    }

    private static void apply(SimulationScenario scenario, SimulatedDeploymentController controller, Instant start,
            Instant at, String stableImage, String releaseImage) {
        java.time.Duration offset = java.time.Duration.between(start, at);
        if (!stableImage.equals(releaseImage)) {
            controller.setImageFaults(stableImage, faults(scenario.podsAt(Track.STABLE, offset)));
        }
        controller.setImageFaults(releaseImage, faults(scenario.podsAt(Track.CANARY, offset)));
    }

    static PodFaults faults(SimulationScenario.PodHealth pods) {
        return pods.serving() ? PodFaults.NONE : PodFaults.allUnready(pods.crash());
    }
}
