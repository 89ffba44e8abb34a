package io.cicdmanager.tui.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.audit.JsonLinesAuditLog;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.RolloutActions.Delivery;
import io.cicdmanager.tui.model.RolloutKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@InProcessKubernetes
class RecordActionsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final RolloutKey CHECKOUT = new RolloutKey("prod", "checkout");
    private static final Actor ALICE = new Actor("alice", "SHA256:a");

    KubernetesClient client;

    @TempDir
    Path dir;

    private RecordActions actions(Instant now) {
        return new RecordActions(new RolloutRecordStore(client), Clock.fixed(now, ZoneOffset.UTC),
                new JsonLinesAuditLog(dir.resolve("audit.jsonl")), Runnable::run);
    }

    private static CompletableFuture<Delivery> send(RecordActions actions, RolloutKey key, CommandAction action,
            Actor actor) {
        return actions.send(key, actor.command(action, "paged twice", NOW));
    }

    private RolloutRecord record() {
        return new RolloutRecordStore(client).read("prod", "checkout").orElseThrow();
    }

    private List<String> audit() throws Exception {
        return Files.readAllLines(dir.resolve("audit.jsonl"));
    }

    @Test
    void aCommandIsWrittenOntoTheRecordAsTheSessionsPersonAndAudited() throws Exception {
        ClusterWorld.canaryAtHalf(client, NOW);
        Delivery d = send(actions(NOW), CHECKOUT, CommandAction.ABORT, ALICE).get();

        assertThat(d.awaitsEngine()).isTrue();
        RolloutCommand written = record().pendingCommand().orElseThrow();
        assertThat(written.action()).isEqualTo(CommandAction.ABORT);
        assertThat(written.actor()).isEqualTo("alice (SHA256:a)");
        assertThat(written.reason()).isEqualTo("paged twice");
        assertThat(written.source()).isEqualTo("ssh");
        assertThat(d.commandId()).as("the id the engine's acknowledgement will carry").isEqualTo(written.id());
        assertThat(audit()).singleElement().asString().contains("\"actor\":\"alice (SHA256:a)\"",
                "\"action\":\"abort\"", "\"target\":\"prod/checkout\"", "\"outcome\":\"written\"");
    }

    @Test
    void aSecondCommandWhileOneIsPendingIsRefusedAndThatIsAuditedToo() throws Exception {
        ClusterWorld.canaryAtHalf(client, NOW);
        send(actions(NOW), CHECKOUT, CommandAction.ABORT, ALICE).get();
        Actor dana = new Actor("dana", "local");

        assertThatThrownBy(() -> send(actions(NOW), CHECKOUT, CommandAction.PAUSE, dana).get())
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("already has a pending command: abort by alice (SHA256:a)");
        assertThat(audit()).hasSize(2).last().asString().contains("\"actor\":\"dana (local)\"", "\"source\":\"tui\"",
                "\"action\":\"pause\"", "rejected: rollout prod/checkout already has a pending command");
    }

    @Test
    void anOrphanedRolloutIsRolledBackHereAndAcceptsNothingElse() throws Exception {
        ClusterWorld.canaryAtHalf(client, NOW);
        Instant later = NOW.plus(RolloutRecord.STALE_AFTER).plusSeconds(5);

        assertThatThrownBy(() -> send(actions(later), CHECKOUT, CommandAction.PROMOTE, ALICE).get())
                .hasMessageContaining("prod/checkout is orphaned (no engine heartbeat for 20 s); only a rollback works now");

        Delivery d = send(actions(later), CHECKOUT, CommandAction.ROLLBACK, ALICE).get();
        assertThat(d.awaitsEngine()).isFalse();
        assertThat(d.message()).isEqualTo("no engine drove it, so this terminal rolled it back: RolledBack, traffic on "
                + "stable");
        RolloutStatus s = record().status();
        assertThat(s.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(s.transitions().get(s.transitions().size() - 1).actor()).isEqualTo("alice (SHA256:a)");
        assertThat(Workloads.replicas(new Workloads(client, "prod").require("checkout-canary"))).isZero();
        assertThat(String.join("\n", audit())).contains("\"actor\":\"alice (SHA256:a)\"", "\"source\":\"ssh\"",
                "RolledBack");
    }

    @Test
    void aRolloutThatIsGoneCannotBeCommanded() {
        assertThatThrownBy(() -> send(actions(NOW), new RolloutKey("prod", "gone"), CommandAction.ABORT, ALICE)
                .get()).hasMessageContaining("no rollout prod/gone");
    }
}
