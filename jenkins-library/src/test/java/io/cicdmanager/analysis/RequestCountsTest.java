package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestCountsTest {

    @Test
    void countsAddUpAndGiveTheirRate() {
        RequestCounts sum = new RequestCounts(100, 3).plus(new RequestCounts(300, 1));
        assertThat(sum).isEqualTo(new RequestCounts(400, 4));
        assertThat(sum.rate()).isEqualTo(0.01);
        assertThat(RequestCounts.NONE.rate()).isZero();
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> new RequestCounts(-1, 0)).hasMessage("counts must not be negative: 0 bad of -1");
        assertThatThrownBy(() -> new RequestCounts(5, 6)).hasMessage("more bad requests (6) than requests (5)");
    }

    @Test
    void measuredCountsAreRoundedAndTheBadOnesCapped() {
        // increase() extrapolates each series on its own: 99.6 requests with 100.2 errors is one hundred of each.
        assertThat(RequestCounts.measured(99.6, 100.2)).isEqualTo(new RequestCounts(100, 100));
        assertThat(RequestCounts.measured(10.4, 2.5)).isEqualTo(new RequestCounts(10, 3));
        assertThat(RequestCounts.measured(-0.2, -0.1)).isEqualTo(RequestCounts.NONE);
        assertThatThrownBy(() -> RequestCounts.measured(Double.NaN, 1)).hasMessageContaining("finite and not negative");
        assertThatThrownBy(() -> RequestCounts.measured(10, -3)).hasMessageContaining("finite and not negative");
        assertThatThrownBy(() -> RequestCounts.measured(Double.POSITIVE_INFINITY, 1)).hasMessageContaining("finite");
    }
}
