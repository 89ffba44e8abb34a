package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class RolloutRecordStoreTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    KubernetesClient client;
    RolloutRecordStore store;

    @BeforeEach
    void setUp() {
        store = new RolloutRecordStore(client);
    }

    static RolloutStatus pending(String name) {
        return RolloutStatus.pending(name, "prod", "canary", "replicas", "shop:2", "shop:1", 4, T0, "jenkins");
    }

    static RolloutCommand command(String id, CommandAction action, String actor) {
        return new RolloutCommand(id, action, actor, "because", T0, "cli");
    }

    @Test
    void aStartedRecordIsALabelledConfigMapWithSpecStatusAndMetrics() {
        RolloutRecord record = store.start("name: checkout\n", pending("checkout")).orElseThrow();
        ConfigMap cm = client.configMaps().inNamespace("prod").withName("cicd-rollout-checkout").get();
        assertThat(cm.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "cicd-manager")
                .containsEntry("cicd-manager.io/rollout", "checkout")
                .containsEntry("cicd-manager.io/phase", "Pending")
                .containsEntry("cicd-manager.io/strategy", "canary");
        assertThat(cm.getData()).containsKeys("spec.yaml", "status.json", "metrics.json");
        assertThat(cm.getData().get("status.json")).contains("\"phase\":\"Pending\"").contains("\"release\":\"shop:2\"")
                .as("only the documented fields").doesNotContain("terminal");
        assertThat(record.status().phase()).isEqualTo(RolloutPhase.PENDING);
        assertThat(store.read("prod", "checkout")).get().extracting(RolloutRecord::specYaml).isEqualTo("name: checkout\n");
        assertThat(store.list("prod")).extracting(RolloutRecord::name).containsExactly("checkout");
        assertThat(store.list(null)).extracting(RolloutRecord::qualifiedName).containsExactly("prod/checkout");
    }

    @Test
    void anUnfinishedRecordIsNotReplacedButAFinishedOneIs() {
        store.start("a", pending("checkout")).orElseThrow();
        assertThat(store.start("b", pending("checkout"))).isEmpty();
        store.writeCommand("prod", "checkout", command("x", CommandAction.PAUSE, "a"));
        store.updateStatus("prod", "checkout", s -> s.withPhase(RolloutPhase.SUCCEEDED, "done", T0, "engine", "all steps"));
        RolloutRecord fresh = store.start("b", pending("checkout")).orElseThrow();
        assertThat(fresh.specYaml()).isEqualTo("b");
        assertThat(fresh.status().phase()).isEqualTo(RolloutPhase.PENDING);
        assertThat(fresh.command()).isNull();
    }

    @Test
    void aCommandIsPendingUntilAcknowledged() {
        store.start("a", pending("checkout"));
        store.writeCommand("prod", "checkout", command("c1", CommandAction.PAUSE, "alice"));
        RolloutRecord withCommand = store.read("prod", "checkout").orElseThrow();
        assertThat(withCommand.pendingCommand()).get().extracting(RolloutCommand::actor).isEqualTo("alice");
        ConfigMap cm = client.configMaps().inNamespace("prod").withName("cicd-rollout-checkout").get();
        assertThat(cm.getMetadata().getAnnotations().get("cicd-manager.io/command"))
                .contains("\"action\":\"pause\"").contains("\"actor\":\"alice\"");

        assertThatThrownBy(() -> store.writeCommand("prod", "checkout", command("c2", CommandAction.ABORT, "bob")))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("pause by alice");

        store.acknowledge("prod", "checkout", new CommandAck("c1", CommandAction.PAUSE, CommandAck.APPLIED, "paused", T0,
                "engine-1"), withCommand.status().withPhase(RolloutPhase.PAUSED, "paused by alice", T0, "alice", "because"));
        RolloutRecord acked = store.read("prod", "checkout").orElseThrow();
        assertThat(acked.pendingCommand()).isEmpty();
        assertThat(acked.status().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(acked.status().transitions()).singleElement().satisfies(t -> {
            assertThat(t.actor()).isEqualTo("alice");
            assertThat(t.to()).isEqualTo(RolloutPhase.PAUSED);
        });
        store.writeCommand("prod", "checkout", command("c2", CommandAction.RESUME, "bob"));
        assertThat(store.read("prod", "checkout").orElseThrow().pendingCommand()).get()
                .extracting(RolloutCommand::action).isEqualTo(CommandAction.RESUME);
    }

    @Test
    void commandsOnAFinishedOrMissingRolloutAreRefused() {
        assertThatThrownBy(() -> store.writeCommand("prod", "ghost", command("c", CommandAction.ABORT, "a")))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("cicd-rollout-ghost");
        store.start("a", pending("done"));
        store.updateStatus("prod", "done", s -> s.withPhase(RolloutPhase.ROLLED_BACK, "x", T0, "e", "r"));
        assertThatThrownBy(() -> store.writeCommand("prod", "done", command("c", CommandAction.ABORT, "a")))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("already finished (RolledBack)");
    }

    @Test
    void aConflictingWriteIsRetriedOnTheNewVersionAndKeepsBothChanges() {
        store.start("a", pending("checkout"));
        RolloutRecordStore operator = new RolloutRecordStore(client);
        boolean[] raced = {false};
        store.updateStatus("prod", "checkout", status -> {
            if (!raced[0]) {
                raced[0] = true;
                // Another writer gets in between our read and our write: our write must meet a 409 and retry.
                operator.writeCommand("prod", "checkout", command("c1", CommandAction.ABORT, "alice"));
            }
            return status.withMessage("step 2", T0);
        });
        assertThat(store.conflictsRetried()).isEqualTo(1);
        RolloutRecord record = store.read("prod", "checkout").orElseThrow();
        assertThat(record.status().message()).isEqualTo("step 2");
        assertThat(record.pendingCommand()).get().extracting(RolloutCommand::actor).isEqualTo("alice");
    }

    @Test
    void twoOperatorsRacingExactlyOneCommandWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "race" + round;
            store.start("a", pending(name));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> futures = new ArrayList<>();
            for (String actor : List.of("alice", "bob")) {
                RolloutRecordStore own = new RolloutRecordStore(client);
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        own.writeCommand("prod", name, command(actor, CommandAction.ABORT, actor));
                        outcomes.add("won:" + actor);
                    } catch (CommandRejectedException e) {
                        outcomes.add("lost:" + actor);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(outcomes).hasSize(2);
            assertThat(outcomes.stream().filter(o -> o.startsWith("won:"))).hasSize(1);
            String winner = outcomes.stream().filter(o -> o.startsWith("won:")).findFirst().orElseThrow().substring(4);
            assertThat(store.read("prod", name).orElseThrow().command().actor()).isEqualTo(winner);
        }
    }

    @Test
    void aWatchSeesRemoteWritesAndLocalWritesAreAnnouncedAtOnce() throws Exception {
        store.start("a", pending("checkout"));
        List<RolloutRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Watch ignored = store.watch("prod", "checkout", seen::add)) {
            store.writeCommand("prod", "checkout", command("c1", CommandAction.PAUSE, "alice"));
            // announced synchronously by the store itself
            assertThat(seen).anySatisfy(r -> assertThat(r.pendingCommand()).isPresent());
            int before = seen.size();
            new RolloutRecordStore(client).updateStatus("prod", "checkout", s -> s.withMessage("remote", T0));
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() > before
                    && seen.stream().anyMatch(r -> "remote".equals(r.status().message())));
        }
    }

    @Test
    void anInformerFeedsEveryRecordOfTheNamespace() {
        store.start("a", pending("one"));
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = store.inform("prod", r -> names.add(r.name()), r -> deleted.add(r.name()));
        try {
            store.start("a", pending("two"));
            await().atMost(Duration.ofSeconds(5)).until(() -> names.contains("one") && names.contains("two"));
            client.configMaps().inNamespace("prod").withName("cicd-rollout-one").delete();
            await().atMost(Duration.ofSeconds(5)).until(() -> deleted.contains("one"));
        } finally {
            informer.close();
        }
    }

    @Test
    void orphanedMeansUnfinishedWithAStaleHeartbeat() {
        RolloutStatus status = pending("x").withPhase(RolloutPhase.PROGRESSING, "", T0, "e", "r")
                .withHeartbeat(new RolloutStatus.Heartbeat("engine-1", T0, 5));
        RolloutRecord record = new RolloutRecord("x", "prod", "1", "", status, MetricHistory.empty(), null, null);
        assertThat(record.isOrphaned(T0.plusSeconds(10))).isFalse();
        assertThat(record.isOrphaned(T0.plusSeconds(16))).isTrue();
        assertThat(record.heartbeatAge(T0.plusSeconds(16))).contains(Duration.ofSeconds(16));
        RolloutStatus done = status.withPhase(RolloutPhase.SUCCEEDED, "", T0, "e", "r");
        assertThat(RolloutRecord.isOrphaned(done, T0.plusSeconds(100))).isFalse();
        RolloutStatus neverBeat = pending("y").withPhase(RolloutPhase.PROGRESSING, "", T0, "e", "r");
        assertThat(RolloutRecord.isOrphaned(neverBeat, T0.plusSeconds(100))).isTrue();
        assertThat(new RolloutRecord("y", "prod", "1", "", neverBeat, null, null, null).heartbeatAge(T0)).isEmpty();
    }

    @Test
    void eventsMirrorAuditEntriesOnTheRecord() {
        store.start("a", pending("checkout"));
        List<io.cicdmanager.audit.AuditEntry> file = new ArrayList<>();
        RecordAuditLog audit = new RecordAuditLog(file::add, new RolloutEvents(client, java.time.Clock.fixed(T0,
                java.time.ZoneOffset.UTC)));
        audit.append(new io.cicdmanager.audit.AuditEntry(T0, "alice", "cli", "promote-full", "prod/checkout", "ok",
                "applied", Map.of()));
        audit.append(new io.cicdmanager.audit.AuditEntry(T0, "bob", "cli", "abort", "prod/checkout", "pager",
                "rejected: pending", Map.of()));
        assertThat(file).hasSize(2);
        var events = new RolloutEvents(client, java.time.Clock.systemUTC()).list("prod", "checkout");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getReason()).isIn("PromoteFull", "Abort");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Abort");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("bob").contains("pager");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("cicd-rollout-checkout");
        });
        assertThat(RolloutEvents.reason("promote-full")).isEqualTo("PromoteFull");
        assertThat(RolloutEvents.reason("--")).isEqualTo("Rollout");
    }

    static RolloutStatus.Heartbeat beat(String engine) {
        return new RolloutStatus.Heartbeat(engine, T0, 5);
    }

    @Test
    void onlyTheEngineThatOwnsTheRecordWritesItsStatus() {
        store.start("a", pending("checkout").withHeartbeat(beat("engine-a"))).orElseThrow();
        store.writeStatus("prod", "checkout", pending("checkout").withMessage("a was here", T0)
                .withHeartbeat(beat("engine-a")), null);
        assertThatThrownBy(() -> store.writeStatus("prod", "checkout", pending("checkout").withMessage("b", T0)
                .withHeartbeat(beat("engine-b")), null)).isInstanceOf(RolloutTakenOverException.class)
                .hasMessageContaining("taken over by engine-a");
        assertThat(store.read("prod", "checkout").orElseThrow().status().message()).isEqualTo("a was here");
    }

    @Test
    void ofTwoClaimsOnTheSameVersionOnlyOneWins() {
        store.start("a", pending("checkout").withHeartbeat(beat("dead"))).orElseThrow();
        RolloutRecord seen = store.read("prod", "checkout").orElseThrow();
        // the guardian and a returning engine both read the orphan, then both claim it
        assertThat(store.claim("prod", "checkout", seen.resourceVersion(),
                seen.status().withHeartbeat(beat("guardian")))).isPresent();
        assertThat(store.claim("prod", "checkout", seen.resourceVersion(),
                seen.status().withHeartbeat(beat("engine-b")))).isEmpty();
        assertThat(store.read("prod", "checkout").orElseThrow().status().heartbeat().engine()).isEqualTo("guardian");
        // and the loser's writes are refused from then on
        assertThatThrownBy(() -> store.writeStatus("prod", "checkout", seen.status().withHeartbeat(beat("dead")),
                null)).isInstanceOf(RolloutTakenOverException.class);
    }

    @Test
    void aFinishingWriteAnswersTheCommandStillPendingInTheSameWrite() {
        store.start("a", pending("checkout").withHeartbeat(beat("engine-a"))).orElseThrow();
        store.writeCommand("prod", "checkout", command("c1", CommandAction.PAUSE, "erin"));
        RolloutStatus done = pending("checkout").withPhase(RolloutPhase.SUCCEEDED, "promoted", T0, "engine", "x")
                .withHeartbeat(beat("engine-a"));
        RolloutRecord written = store.writeStatus("prod", "checkout", done, null, c -> new CommandAck(c.id(),
                c.action(), CommandAck.IGNORED, "the rollout had already finished", T0, "engine-a"));
        assertThat(written.status().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(written.pendingCommand()).isEmpty();
        assertThat(written.ack().id()).isEqualTo("c1");
        assertThat(written.ack().outcome()).isEqualTo(CommandAck.IGNORED);
    }
}
