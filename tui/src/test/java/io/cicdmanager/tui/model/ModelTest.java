package io.cicdmanager.tui.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
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
        assertThat(RolloutPhase.fromWireName("RolledBack")).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(RolloutPhase.fromWireName("rolled-back")).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(RolloutPhase.fromWireName("PROGRESSING")).isEqualTo(RolloutPhase.PROGRESSING);
        assertThatThrownBy(() -> RolloutPhase.fromWireName("Exploded")).hasMessage("unknown rollout phase 'Exploded'");
        assertThat(RolloutPhase.ROLLED_BACK.wireName()).isEqualTo("RolledBack");
        assertThat(RolloutPhase.SUCCEEDED.isTerminal()).isTrue();
        assertThat(RolloutPhase.PAUSED.isTerminal()).isFalse();
    }

    @Test
    void actionsKnowTheirCommandsAndThePhasesTheyApplyTo() {
        assertThat(CommandAction.PROMOTE_FULL.wireName()).isEqualTo("promote-full");
        assertThat(CommandAction.RESUME.allowedIn(RolloutPhase.PAUSED)).isTrue();
        assertThat(CommandAction.RESUME.allowedIn(RolloutPhase.PROGRESSING)).isFalse();
        assertThat(CommandAction.ABORT.destructive()).isTrue();
        assertThat(CommandAction.PAUSE.destructive()).isFalse();
    }

    @Test
    void commandsNeedAReason() {
        Actor alice = new Actor("alice", "local");
        assertThatThrownBy(() -> alice.command(CommandAction.ABORT, " ", Instant.EPOCH))
                .hasMessage("a command needs a reason");
        assertThatThrownBy(() -> alice.command(CommandAction.ABORT, null, Instant.EPOCH))
                .hasMessage("a command needs a reason");
        assertThat(alice.display()).isEqualTo("alice (local)");
        RolloutCommand command = alice.command(CommandAction.ABORT, "pager", Instant.EPOCH);
        assertThat(command.actor()).isEqualTo("alice (local)");
        assertThat(command.source()).as("a terminal on this machine").isEqualTo("tui");
        assertThat(new Actor("bob", "SHA256:x1").command(CommandAction.PAUSE, "hold", Instant.EPOCH).source())
                .isEqualTo("ssh");
    }

    @Test
    void theBoardNotifiesSubscribersOfEveryChangeUntilTheyLeave() throws Exception {
        RolloutBoard board = new RolloutBoard();
        int[] calls = {0};
        AutoCloseable subscription = board.subscribe(() -> calls[0]++);
        RolloutKey key = new RolloutKey("prod", "checkout");
        board.put(RolloutSnapshot.builder(key).phase(RolloutPhase.PROGRESSING, "").build());
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
        RolloutSnapshot s = new RolloutSnapshot(new RolloutKey("a", "b"), null, RolloutPhase.PENDING, null, 0, 0, 0, 0,
                null, null, null, false, null, null, 0, 0, null, null, null, null, null, null, null);
        assertThat(s.strategy()).isEqualTo("canary");
        assertThat(s.message()).isEmpty();
        assertThat(s.verdict()).as("no verdict until a check has run").isEmpty();
        assertThat(s.heartbeatAt()).isEmpty();
        assertThat(s.command()).isEmpty();
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }
}
