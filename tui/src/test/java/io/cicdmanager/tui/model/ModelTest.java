package io.cicdmanager.tui.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelTest {
    @Test
    void rolloutNamesReadAsNamespaceSlashName() {
        assertThat(RolloutKey.parse("prod/checkout", "default")).isEqualTo(new RolloutKey("prod", "checkout"));
        assertThat(RolloutKey.parse(" checkout ", "default")).isEqualTo(new RolloutKey("default", "checkout"));
        assertThat(new RolloutKey("prod", "checkout")).hasToString("prod/checkout");
        assertThatThrownBy(() -> RolloutKey.parse("", "default")).isInstanceOf(UsageException.class)
                .hasMessage("a rollout name is required (namespace/name)");
        for (String bad : new String[] {"/x", "prod/", "a/b/c"}) {
            assertThatThrownBy(() -> RolloutKey.parse(bad, "default"))
                    .hasMessage("'" + bad + "' is not a rollout name; write namespace/name, e.g. prod/checkout");
        }
        assertThat(new RolloutKey("a", "z")).isLessThan(new RolloutKey("b", "a"));
        assertThat(new RolloutKey("a", "a")).isLessThan(new RolloutKey("a", "b"));
    }

    @Test
    void phasesReadTheRecordsSpellingsAndSayWhenTheyAreFinished() {
        assertThat(Phase.parse("RolledBack")).isEqualTo(Phase.ROLLED_BACK);
        assertThat(Phase.parse("rolled-back")).isEqualTo(Phase.ROLLED_BACK);
        assertThat(Phase.parse("PROGRESSING")).isEqualTo(Phase.PROGRESSING);
        assertThatThrownBy(() -> Phase.parse("Exploded")).hasMessage("unknown rollout phase 'Exploded'");
        assertThat(Phase.ROLLED_BACK.label()).isEqualTo("RolledBack");
        assertThat(Phase.SUCCEEDED.isFinished()).isTrue();
        assertThat(Phase.PAUSED.isFinished()).isFalse();
    }

    @Test
    void actionsKnowTheirKeysCommandsAndThePhasesTheyApplyTo() {
        assertThat(RolloutAction.PROMOTE_FULL.command()).isEqualTo("promote-full");
        assertThat(RolloutAction.PROMOTE_FULL.key()).isEqualTo("P");
        assertThat(RolloutAction.RESUME.allowedIn(Phase.PAUSED)).isTrue();
        assertThat(RolloutAction.RESUME.allowedIn(Phase.PROGRESSING)).isFalse();
        assertThat(RolloutAction.ABORT.destructive()).isTrue();
        assertThat(RolloutAction.PAUSE.destructive()).isFalse();
    }

    @Test
    void commandsNeedAReason() {
        RolloutKey key = new RolloutKey("prod", "checkout");
        Actor alice = new Actor("alice", "local");
        assertThatThrownBy(() -> new RolloutCommand(key, RolloutAction.ABORT, alice, " ", Instant.EPOCH))
                .hasMessage("a command needs a reason");
        assertThatThrownBy(() -> new RolloutCommand(key, RolloutAction.ABORT, alice, null, Instant.EPOCH))
                .hasMessage("a command needs a reason");
        assertThat(alice.display()).isEqualTo("alice (local)");
    }

    @Test
    void theBoardNotifiesSubscribersOfEveryChangeUntilTheyLeave() throws Exception {
        RolloutBoard board = new RolloutBoard();
        int[] calls = {0};
        AutoCloseable subscription = board.subscribe(() -> calls[0]++);
        RolloutKey key = new RolloutKey("prod", "checkout");
        board.put(RolloutSnapshot.builder(key).phase(Phase.PROGRESSING, "").build());
        assertThat(board.view().find(key)).isPresent();
        assertThat(board.names()).containsExactly("prod/checkout");
        board.remove(new RolloutKey("prod", "absent"));
        assertThat(calls[0]).as("removing nothing is no change").isEqualTo(1);
        long version = board.view().version();
        board.remove(key);
        assertThat(board.view().version()).isGreaterThan(version);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(board.subscriberCount()).isEqualTo(1);
        subscription.close();
        board.replaceAll(java.util.List.of());
        assertThat(calls[0]).isEqualTo(2);
        assertThat(board.subscriberCount()).isZero();
    }

    @Test
    void snapshotsFillEmptyFieldsAndCopyThroughTheirBuilder() {
        RolloutSnapshot s = new RolloutSnapshot(new RolloutKey("a", "b"), null, Phase.PENDING, null, 0, 0, 0, 0,
                null, null, null, false, null, null, 0, 0, null, null, null, null, null, null, null);
        assertThat(s.strategy()).isEqualTo("canary");
        assertThat(s.message()).isEmpty();
        assertThat(s.latestVerdict()).isEqualTo(Verdict.NONE);
        assertThat(s.heartbeatAt()).isEmpty();
        assertThat(s.command()).isEmpty();
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }
}
