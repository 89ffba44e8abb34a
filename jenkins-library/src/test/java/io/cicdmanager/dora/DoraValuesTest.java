package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event records' checks, percentiles, labels, database locations and report formatting. */
class DoraValuesTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00.123456Z");

    @Test
    void eventsRefuseMissingFieldsAndTruncateToMilliseconds() {
        assertThatThrownBy(() -> new Deployment(" ", "s", "e", null, "v", "c", null, null, T, DeploymentStatus.SUCCESS,
                null, null)).hasMessage("id is required");
        assertThatThrownBy(() -> new Deployment("i", "s", "e", null, "v", "c", null, null, null,
                DeploymentStatus.SUCCESS, null, null)).hasMessage("finished is required");
        assertThatThrownBy(() -> new Deployment("i", "s", "e", null, "v", "c", null, null, T, null, null, null))
                .hasMessage("status is required");
        assertThatThrownBy(() -> new Deployment("i", "s", "e", null, "v", "c", List.of(T.minusSeconds(60),
                T.plusSeconds(1)), null, T, DeploymentStatus.SUCCESS, null, null))
                .hasMessage("a commit time (2026-11-20T10:00:01.123Z) is after finished (2026-11-20T10:00:00.123Z): "
                        + "a change ships after it is committed");
        assertThat(new Deployment("i", "s", "e", null, "v", "c", List.of(T), null, T, DeploymentStatus.SUCCESS, null,
                null).commitTimes()).hasSize(1);
        assertThatThrownBy(() -> new Restore("r", null, T, null, null)).hasMessage("deployment is required");
        assertThatThrownBy(() -> new Incident("i", "s", "", T, null, null)).hasMessage("environment is required");
        Deployment d = new Deployment("i", "s", "e", " ", "v", "c", null, null, T, DeploymentStatus.SUCCESS, "", "");
        assertThat(d.finished()).isEqualTo(Instant.parse("2026-11-20T10:00:00.123Z"));
        assertThat(d.team()).isNull();
        assertThat(d.commitTimes()).isEmpty();
        assertThat(new Restore("r", "d", T, null, null).kind()).isEqualTo(RestoreKind.ROLLBACK);
    }

    @Test
    void labelsReadBack() {
        assertThat(DeploymentStatus.fromLabel("failure")).isEqualTo(DeploymentStatus.FAILURE);
        assertThat(RestoreKind.fromLabel("fix")).isEqualTo(RestoreKind.FIX);
        assertThatThrownBy(() -> DeploymentStatus.fromLabel("ok")).hasMessageContaining("success, failure");
        assertThatThrownBy(() -> RestoreKind.fromLabel("undo")).hasMessageContaining("rollback, fix");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        long[] values = {10, 20, 30, 40};
        assertThat(Percentiles.of(values, 4, 0.5)).isEqualTo(25.0);
        assertThat(Percentiles.of(values, 4, 0.9)).isEqualTo(37.0);
        assertThat(Percentiles.of(values, 1, 0.9)).isEqualTo(10.0);
        assertThat(Percentiles.of(values, 3, 0.5)).isEqualTo(20.0);
        assertThatThrownBy(() -> Percentiles.of(values, 0, 0.5)).hasMessage("no values");
        assertThat(Percentiles.medianMillis(List.of())).isNull();
        assertThat(Percentiles.medianMillis(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)))).isEqualTo(2000.0);
    }

    @Test
    void windowsAreOrdered() {
        assertThatThrownBy(() -> new Window(T, T)).hasMessageContaining("must be before");
        assertThatThrownBy(() -> new Window(null, T)).hasMessageContaining("both");
        assertThat(Window.ending(T, Duration.ofDays(7)).days()).isEqualTo(7.0);
    }

    @Test
    void postgresqlLocationsNameHostPortAndDatabaseOnly() {
        assertThat(DoraDatabase.postgresql("jdbc:postgresql://db.example:6543/dora?password=x", "u", "p").location())
                .isEqualTo("db.example:6543/dora");
        assertThat(DoraDatabase.postgresql("jdbc:postgresql://db.example/dora", null, null).location())
                .isEqualTo("db.example:5432/dora");
        assertThat(DoraDatabase.postgresql("jdbc:postgresql:dora", null, null).location())
                .isEqualTo("localhost:5432/dora");
        assertThat(DoraDatabase.postgresql("jdbc:postgresql://a:1,b:2/dora", null, null).location())
                .isEqualTo("a:1,b:2/dora");
        assertThat(DoraDatabase.postgresql("jdbc:postgresql://[::1]/dora", null, null).location())
                .isEqualTo("[::1]:5432/dora");
        assertThat(DoraDatabase.postgresql("jdbc:postgresql://", null, null).location())
                .isEqualTo("localhost:5432/");
        assertThatThrownBy(() -> DoraDatabase.postgresql("jdbc:mysql://x/y", null, null))
                .hasMessageContaining("not a PostgreSQL");
        DoraDatabase sqlite = DoraDatabase.sqlite(Path.of("relative.db"));
        assertThat(sqlite.location()).isEqualTo(Path.of("relative.db").toAbsolutePath().toString());
        assertThat(sqlite.toString()).startsWith("sqlite DORA store at ").doesNotContain(" as ");
    }

    @Test
    void durationsAndCsvFieldsReadWell() {
        assertThat(ReportWriter.duration(0.5)).isEqualTo("30 min");
        assertThat(ReportWriter.duration(5.25)).isEqualTo("5.25 h");
        assertThat(ReportWriter.duration(72)).isEqualTo("3 days");
        assertThat(ReportWriter.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportWriter.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportWriter.csv("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(ReportWriter.csv(null)).isEmpty();
        assertThat(ReportWriter.csv("plain")).isEqualTo("plain");
    }
}
