package io.cicdmanager.rollout;

import io.cicdmanager.analysis.AnalysisPolicy;
import java.time.Duration;
import java.util.List;

/** How a release replaces the running one: a canary, blue-green, or the Deployment's own rolling update. */
public sealed interface StrategySpec {
    /** The name in specs and in the record: {@code canary}, {@code blueGreen}, {@code rolling}. */
    String kind();

    /** Steps of weights and pauses, with analysis every interval throughout. */
    record Canary(List<CanaryStep> steps, AnalysisPolicy analysis) implements StrategySpec {
        public Canary {
            steps = List.copyOf(steps);
        }

        @Override
        public String kind() {
            return "canary";
        }
    }

    /**
     * A full preview next to the active version: analysis on the preview, then the active Service's selector
     * switches at once; {@code autoPromotion} null means wait for a promote. After the switch the old pods stay up
     * for {@code scaleDownDelay} while the post-promotion analysis runs, so the switch back is instant.
     */
    record BlueGreen(String activeService, String previewService, Duration autoPromotion,
            AnalysisPolicy prePromotionAnalysis, AnalysisPolicy postPromotionAnalysis, Duration scaleDownDelay)
            implements StrategySpec {
        @Override
        public String kind() {
            return "blueGreen";
        }
    }

    /**
     * The Deployment's own rolling update ({@code maxSurge}, {@code maxUnavailable} when given), judged by the
     * analysis every interval; a breach undoes it to the previous revision.
     */
    record Rolling(String maxSurge, String maxUnavailable, AnalysisPolicy analysis) implements StrategySpec {
        @Override
        public String kind() {
            return "rolling";
        }
    }
}
