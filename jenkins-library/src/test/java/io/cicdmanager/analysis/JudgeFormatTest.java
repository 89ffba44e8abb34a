package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JudgeFormatTest {

    @Test
    void percentagesKeepTwoSignificantDigits() {
        assertThat(JudgeFormat.percent(0.051)).isEqualTo("5.1 %");
        assertThat(JudgeFormat.percent(0.005)).isEqualTo("0.5 %");
        assertThat(JudgeFormat.percent(0.000526)).isEqualTo("0.053 %");
        assertThat(JudgeFormat.percent(0.5)).isEqualTo("50 %");
        assertThat(JudgeFormat.percent(0)).isEqualTo("0 %");
        assertThat(JudgeFormat.plain(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void evidenceIsWrittenWithoutFalsePrecision() {
        assertThat(JudgeFormat.evidence(3.21)).isEqualTo("3.2");
        assertThat(JudgeFormat.evidence(212.4)).isEqualTo("212");
        assertThat(JudgeFormat.evidence(4.1e7)).isEqualTo("4.1e+07");
    }
}
