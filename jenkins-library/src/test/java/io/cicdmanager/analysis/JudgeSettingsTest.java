package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import org.junit.jupiter.api.Test;

class JudgeSettingsTest {

    private static JudgeSettings read(String yaml) {
        return JudgeSettings.from(ConfigReader.read(yaml, "rollout.yaml"));
    }

    @Test
    void defaultsAreOneAndAHalfTimesAndATenthOfAPointAtOnePercent() {
        JudgeSettings d = JudgeSettings.defaults();
        assertThat(d).isEqualTo(new JudgeSettings(1.5, 0.001, 0.01, 3, 0.002, 0.01));
        assertThat(read("name: errors-vs-stable\n")).isEqualTo(d);
        // A ratio above 1.5 and a rate above 0.3 % imply an increase above 0.1 points.
        assertThat(d.regressionFloor()).isCloseTo(0.003, within(1e-15));
        assertThat(JudgeSettings.of(2, 0, 0.05).regressionFloor()).isZero();
    }

    @Test
    void everyFieldCanBeSetAndPercentagesAreFractions() {
        JudgeSettings s = read("""
                maxRatio: 2
                maxIncrease: 0.5%
                alpha: 0.05
                badRatio: 5
                badIncrease: '2 %'
                beta: 0.1
                """);
        assertThat(s).isEqualTo(new JudgeSettings(2, 0.005, 0.05, 5, 0.02, 0.1));
        assertThat(JudgeSettings.FIELDS).containsExactly("maxRatio", "maxIncrease", "alpha", "badRatio",
                "badIncrease", "beta");
    }

    @Test
    void thePassSideFollowsTheMarginsUnlessSet() {
        assertThat(read("maxRatio: 2\nmaxIncrease: 0.01\nalpha: 0.02\n"))
                .isEqualTo(new JudgeSettings(2, 0.01, 0.02, 4, 0.02, 0.02));
    }

    @Test
    void valuesOutOfRangeAreNamedWithFileLineAndField() {
        assertThatThrownBy(() -> read("name: x\nmaxRatio: 0.8\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.yaml:2:11: maxRatio: must be at least 1 (got 0.8)");
        assertThatThrownBy(() -> read("alpha: 0\n")).hasMessageContaining("alpha: must be above 0 and at most 0.5 (got 0.0)");
        assertThatThrownBy(() -> read("beta: 0.9\n")).hasMessageContaining("beta: must be above 0 and at most 0.5");
        assertThatThrownBy(() -> read("maxIncrease: 1.5\n")).hasMessageContaining("maxIncrease: must be a fraction");
        assertThatThrownBy(() -> read("badRatio: 1.2\n")).hasMessageContaining("badRatio: must be at least maxRatio (1.5)");
        assertThatThrownBy(() -> read("badIncrease: 0.0001\n"))
                .hasMessageContaining("badIncrease: must be at least maxIncrease (0.001) and below 1");
        assertThatThrownBy(() -> read("maxRatio: lots\n")).hasMessageContaining("maxRatio: 'lots' is not a number (or a percentage such as 0.1%)");
        assertThatThrownBy(() -> read("alpha: x%\n")).hasMessageContaining("alpha: 'x%' is not a percentage");
        assertThatThrownBy(() -> read("maxRatio: .nan\n")).hasMessageContaining("maxRatio:");
    }

    @Test
    void anAbsoluteMarginNeedsARatioAboveOne() {
        assertThatThrownBy(() -> read("maxRatio: 1\n"))
                .hasMessageContaining("maxRatio: must be above 1 when maxIncrease is set");
        assertThat(read("maxRatio: 1\nmaxIncrease: 0\n").maxRatio()).isEqualTo(1);
        assertThatThrownBy(() -> read("maxRatio: 1.1\nmaxIncrease: 0.2\n"))
                .hasMessageContaining("maxIncrease: is too large for maxRatio 1.1");
    }

    @Test
    void aDerivedValueOutOfRangeIsBlamedOnTheCheck() {
        // badIncrease defaults to twice maxIncrease: 1.0, out of range, and not written anywhere.
        assertThatThrownBy(() -> read("maxRatio: 100\nmaxIncrease: 0.5\n"))
                .hasMessageContaining("rollout.yaml:1:1: badIncrease must be at least maxIncrease (0.5) and below 1 (got 1.0)");
    }
}
