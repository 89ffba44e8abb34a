package io.cicdmanager.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void agesAreShortAndNeverNegative() {
        assertThat(Formats.age(Duration.ofSeconds(-5))).isEqualTo("0s");
        assertThat(Formats.age(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(Formats.age(Duration.ofMinutes(12))).isEqualTo("12m");
        assertThat(Formats.age(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Formats.age(Duration.ofDays(2))).isEqualTo("2d");
    }

    @Test
    void sparklinesScaleFromZeroToTheSharedMaximumAndKeepTheLatestValues() {
        assertThat(Sparkline.of(List.of(0, 50, 100), 100, 10)).isEqualTo("▁▅█");
        assertThat(Sparkline.of(List.of(1, 2, 3, 4), 4, 2)).isEqualTo("▆█");
        assertThat(Sparkline.of(List.of(5, 500), 100, 5)).isEqualTo("▁█");
        assertThat(Sparkline.of(List.of(1), 0, 5)).isEqualTo("▁");
        assertThat(Sparkline.of(List.of(1), 1, 0)).isEmpty();
        assertThat(Sparkline.max(List.of(List.of(0.1, 0.3), List.of(0.2)))).isEqualTo(0.3);
    }

    @Test
    void linesFitCutAndPad() {
        assertThat(Line.fit("checkout", 4)).isEqualTo("che…");
        assertThat(Line.fit("checkout", 1)).isEqualTo("…");
        assertThat(Line.fit("ab", 0)).isEmpty();
        assertThat(Line.fit("ab", 4)).isEqualTo("ab  ");
        Line line = Line.of("a").add("").add("b", io.cicdmanager.tui.model.Tone.FAILED).padTo(4);
        assertThat(line.text()).isEqualTo("ab  ");
        assertThat(line).hasToString("ab  ");
        assertThat(line.segments()).hasSize(3);
    }
}
