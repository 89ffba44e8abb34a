package io.cicdmanager.tui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraReport;
import io.cicdmanager.dora.DoraReporter;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.Tier;
import io.cicdmanager.dora.Window;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoHistoryTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eightWeeksOfHistoryGiveEachApplicationTheTiersOfItsStory() {
        try (JdbcDoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")))) {
            int recorded = DemoHistory.seed(store, DemoApp.all(), NOW);
            assertThat(recorded).isBetween(150, 400);
            assertThat(DemoHistory.seed(store, DemoApp.all(), NOW)).as("the same ids again change nothing")
                    .isEqualTo(recorded);

            List<DoraReporter.ServiceTrend> rows = new DoraReporter(store).overview(
                    Window.ending(NOW, Duration.ofDays(30)), 8);
            assertThat(rows).extracting(r -> r.current().selection().service())
                    .containsExactly("checkout", "payments", "search");
            DoraReport checkout = rows.get(0).current();
            assertThat(checkout.deploymentFrequency().tier()).isEqualTo(Tier.ELITE);
            assertThat(checkout.changeFailureRate().percent()).isLessThan(10);
            assertThat(checkout.recoveryTime().medianHours()).isLessThan(1);
            DoraReport payments = rows.get(1).current();
            assertThat(payments.changeFailureRate().percent()).isGreaterThan(10);
            assertThat(payments.leadTime().medianHours()).isGreaterThan(24);
            DoraReport search = rows.get(2).current();
            assertThat(search.deploymentFrequency().perDay()).isLessThan(1);
            assertThat(rows.get(0).weekly()).hasSize(8);
            assertThat(rows.get(0).weekly()).allSatisfy(w -> assertThat(w.deployments()).isPositive());
        }
    }
}
