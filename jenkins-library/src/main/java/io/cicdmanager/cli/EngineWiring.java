package io.cicdmanager.cli;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.MetricProviderFactory;

/**
 * How the rollout commands reach parts built elsewhere: the Prometheus provider. This build has none, so a spec
 * with a {@code prometheus:} section is refused plainly rather than run without its metrics.
 */
public final class EngineWiring {
    private EngineWiring() {
    }

    /** The factory the rollout and guard commands build a spec's Prometheus provider with. */
    public static MetricProviderFactory prometheus() {
        return (config, env) -> {
            throw new UsageException("prometheus: Prometheus support is not in this build; rehearse the rollout with "
                    + "cicd simulate, or use a build that includes the Prometheus provider");
        };
    }
}
