package io.cicdmanager.rollout;

import io.cicdmanager.analysis.PrometheusConfig;
import java.net.URI;
import java.time.Duration;

/**
 * A validated rollout: what to roll out ({@code image} into {@code deployment}'s {@code container}), where,
 * how ({@link StrategySpec}, {@link RouterSpec}), judged by which metrics, and within what deadline. {@code yaml}
 * is the spec as the record stores it, so an engine resuming it or an operator rolling it back reads the same.
 *
 * @param service         the value of the {@code service} query variable; defaults to the deployment's name
 * @param container       the container whose image changes; null means the first one
 * @param prometheus      null when the spec has no {@code prometheus:} section
 * @param notifyWebhook   a Slack-compatible webhook told of the outcome; null for none
 * @param onInterrupt     what a signal to the engine's process does: roll back (the default) or hold
 */
public record RolloutSpec(String name, String namespace, String deployment, String container, String image,
        String service, StrategySpec strategy, RouterSpec router, PrometheusConfig prometheus,
        Duration progressDeadline, URI notifyWebhook, String yaml, OnInterrupt onInterrupt) {

    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

    public String qualifiedName() {
        return namespace + "/" + name;
    }

    /** The Deployment the engine creates next to the stable one for the canary or the blue-green preview. */
    public String canaryDeployment() {
        return deployment + "-canary";
    }
}
