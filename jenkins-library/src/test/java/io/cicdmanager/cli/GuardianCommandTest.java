package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@InProcessKubernetes
class GuardianCommandTest {
    KubernetesClient client;
    @TempDir
    Path dir;
    EngineCli cli;
    RolloutRecordStore store;

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 2);
        cli = new EngineCli(client, dir, "prod");
        store = new RolloutRecordStore(client);
    }

    void orphanedRolling(String name, String engine) {
        String spec = "name: " + name + "\nnamespace: prod\ndeployment: shop\nimage: shop:2\nstrategy: {rolling: {}}\n";
        RolloutStatus status = RolloutStatus.pending(name, "prod", "rolling", "deployment", "shop:2", "shop:1", 2,
                CliRun.NOW, "jenkins").withPhase(RolloutPhase.PROGRESSING, "step 1/2", CliRun.NOW, "jenkins", "started")
                .withHeartbeat(new RolloutStatus.Heartbeat(engine, CliRun.NOW, 5));
        store.start(spec, status).orElseThrow();
    }

    @Test
    void onceItRollsBackWhatIsOrphanedPastTheGraceAndLeavesTheRest() throws Exception {
        orphanedRolling("shop", "agent-7:4242:dead");
        cli.time().sleep(Duration.ofSeconds(40));
        CliRun early = cli.run("guardian", "-n", "prod", "--once", "--grace", "60s");
        assertThat(early.exitCode()).as(early.err()).isZero();
        assertThat(early.out()).contains("no rollout orphaned for longer than 60 s");
        assertThat(store.read("prod", "shop").orElseThrow().status().phase()).isEqualTo(RolloutPhase.PROGRESSING);

        cli.time().sleep(Duration.ofSeconds(30));
        CliRun late = cli.run("guardian", "-n", "prod", "--once", "--grace", "60s", "--audit-log", "audit.jsonl");
        assertThat(late.exitCode()).as(late.err()).isZero();
        assertThat(late.out()).contains("prod/shop: engine agent-7:4242:dead stopped beating 70 s ago")
                .contains("rolling it back").contains("rolled back: RolledBack");
        RolloutStatus after = store.read("prod", "shop").orElseThrow().status();
        assertThat(after.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(after.trigger().check()).isEqualTo("heartbeat");
        assertThat(java.nio.file.Files.readString(dir.resolve("audit.jsonl"))).contains("\"actor\":\"guardian:");
    }

    @Test
    void badUsageIsNamed() {
        CliRun both = cli.run("guardian", "-n", "prod", "--all-namespaces", "--once");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        CliRun grace = cli.run("guardian", "--once", "--grace", "5s");
        assertThat(grace.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(grace.err()).contains("--grace must be at least 15s");
        CliRun interrupt = cli.run("canary", "--deployment", "shop", "--image", "shop:2", "-n", "prod",
                "--on-interrupt", "ignore");
        assertThat(interrupt.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(interrupt.err()).contains("--on-interrupt: 'ignore' is not rollback or hold");
    }
}
