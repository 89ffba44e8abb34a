package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.kube.InProcessApiServer;
import org.junit.jupiter.api.Test;

class ChaosBenchTest {
    @Test
    void aRunReplaysExactlyFromItsSeed() throws Exception {
        try (InProcessApiServer server = new InProcessApiServer()) {
            ChaosRun.Result first = new ChaosRun(server, 6, "replay-a").execute();
            ChaosRun.Result again = new ChaosRun(server, 6, "replay-b").execute();
            assertThat(again.story()).isEqualTo(first.story());
            assertThat(again.outcome()).isEqualTo(first.outcome());
            assertThat(again.kills()).isEqualTo(first.kills()).as("seed 6 kills an engine").isPositive();
            assertThat(again.faults()).isEqualTo(first.faults());
        }
    }
}
