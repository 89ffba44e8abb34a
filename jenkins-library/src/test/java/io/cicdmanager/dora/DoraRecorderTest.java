package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoraRecorderTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final Window WINDOW = Window.ending(Instant.parse("2026-11-26T12:00:00Z"), Duration.ofDays(30));

    @TempDir
    Path dir;

    private static RolloutDeployment rollout(String id, boolean succeeded, Instant restored) {
        return new RolloutDeployment(id, "checkout", "prod", "payments", "2.4.1", "abc",
                List.of(T.minus(Duration.ofHours(3))), T.minus(Duration.ofMinutes(45)), T, succeeded, restored,
                "engine", null);
    }

    @Test
    void aRolledBackCanaryIsAFailedDeploymentWithItsRestoreTime() {
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")))) {
            DoraRecorder recorder = new DoraRecorder(store);
            List<RecordResult> results = recorder.recordRolloutOutcome(
                    rollout("prod/checkout@1", false, T.plus(Duration.ofSeconds(40))));
            assertThat(results).extracting(RecordResult::outcome)
                    .containsExactly(RecordOutcome.RECORDED, RecordOutcome.RECORDED);
            recorder.recordRolloutOutcome(rollout("prod/checkout@2", true, null));
            // a resumed engine reporting the same ending changes nothing
            assertThat(recorder.recordRolloutOutcome(rollout("prod/checkout@1", false, T.plus(Duration.ofSeconds(40)))))
                    .extracting(RecordResult::outcome).containsOnly(RecordOutcome.UNCHANGED);

            DoraReport report = new DoraReporter(store).report(new Selection("checkout", "prod", null), WINDOW);
            assertThat(report.deployments()).isEqualTo(2);
            assertThat(report.changeFailureRate().percent()).isEqualTo(50.0);
            assertThat(report.recoveryTime().medianHours()).isCloseTo(40.0 / 3600, within(1e-9));
            assertThat(report.leadTime().changes()).isEqualTo(1);
            assertThat(store.restoresOf("prod/checkout@1")).singleElement()
                    .satisfies(r -> assertThat(r.id()).isEqualTo("prod/checkout@1" + DoraRecorder.RESTORE_SUFFIX));
        }
    }

    @Test
    void aFailedRolloutNeverRestoredIsUnrestored() {
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")))) {
            assertThat(new DoraRecorder(store).recordRolloutOutcome(rollout("x", false, null))).hasSize(1);
            DoraReport report = new DoraReporter(store).report(Selection.ALL, WINDOW);
            assertThat(report.recoveryTime().unrestored()).isEqualTo(1);
            assertThat(report.recoveryTime().medianHours()).isNull();
        }
    }

    @Test
    void aRollbackAfterASuccessfulDeploymentMakesItAFailure() {
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")))) {
            DoraRecorder recorder = new DoraRecorder(store);
            recorder.recordRolloutOutcome(rollout("plain", true, null));
            Instant back = T.plus(Duration.ofMinutes(12));
            assertThat(recorder.recordRollback("plain", back, "guard").outcome()).isEqualTo(RecordOutcome.RECORDED);
            assertThat(recorder.recordRollback("plain", back, "guard").outcome()).isEqualTo(RecordOutcome.UNCHANGED);
            DoraReport report = new DoraReporter(store).report(Selection.ALL, WINDOW);
            assertThat(report.changeFailureRate().percent()).isEqualTo(100.0);
            assertThat(report.recoveryTime().medianHours()).isCloseTo(0.2, within(1e-9));
        }
    }

    @Test
    void aSuccessfulRolloutHasNoRestore() {
        assertThatThrownBy(() -> rollout("x", true, T)).isInstanceOf(IllegalArgumentException.class);
    }
}
