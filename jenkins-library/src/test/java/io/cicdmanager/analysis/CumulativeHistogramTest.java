package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CumulativeHistogramTest {

    /** le=0.1, 0.25, 0.5, +Inf with the given cumulative counts. */
    static CumulativeHistogram scrape(double le01, double le025, double le05, double inf) {
        Map<String, Double> buckets = new LinkedHashMap<>();
        buckets.put("0.1", le01);
        buckets.put("0.25", le025);
        buckets.put("0.5", le05);
        buckets.put("+Inf", inf);
        return CumulativeHistogram.fromBuckets(buckets);
    }

    @Test
    void bucketsAreReadByTheirLeLabelInAnyOrder() {
        CumulativeHistogram h = CumulativeHistogram.fromBuckets(Map.of("+Inf", 10.0, "1.0", 9.0, "0.5", 4.0));
        assertThat(h.bounds()).containsExactly(0.5, 1.0);
        assertThat(h.count()).isEqualTo(10);
        assertThat(h.countAtOrBelow(1)).isEqualTo(9);
        assertThat(h.toString()).isEqualTo("histogram{le=0.5: 4, le=1: 9, le=+Inf: 10}");
    }

    @Test
    void labelsNamingTheSameBoundAreAddedAsHistogramQuantileDoes() {
        // The Java client writes le="1.0", the Go client le="1": summed by le they stay two series.
        CumulativeHistogram h = CumulativeHistogram.fromBuckets(Map.of("1.0", 3.0, "1", 4.0, "+Inf", 9.0, "Inf", 1.0));
        assertThat(h.countAtOrBelow(1)).isEqualTo(7);
        assertThat(h.count()).isEqualTo(10);
    }

    @Test
    void theInfBucketIsRequired() {
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("0.5", 4.0, "1", 9.0)))
                .hasMessage("no le=\"+Inf\" bucket among 0.5, 1; every Prometheus histogram has one, and it counts all requests");
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of()))
                .hasMessage("no buckets at all; every Prometheus histogram has at least le=\"+Inf\"");
        assertThatThrownBy(() -> CumulativeHistogram.of(new double[0], new double[0]))
                .hasMessageContaining("no le=\"+Inf\" bucket among (none)");
    }

    @Test
    void theInfBucketMustEqualTheCount() {
        assertThat(CumulativeHistogram.fromBuckets(Map.of("0.5", 4.0, "+Inf", 10.0), 10).count()).isEqualTo(10);
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("0.5", 4.0, "+Inf", 10.0), 11))
                .hasMessage("the le=\"+Inf\" bucket counts 10 but _count is 11; they must be equal");
    }

    @Test
    void bucketsMustBeCumulative() {
        assertThatThrownBy(() -> scrape(5, 3, 8, 9))
                .hasMessageContaining("bucket le=\"0.25\" counts 3, fewer than le=\"0.1\" (5): Prometheus buckets are cumulative");
    }

    @Test
    void bucketsGivenAsArraysAreCheckedToo() {
        double inf = Double.POSITIVE_INFINITY;
        CumulativeHistogram h = CumulativeHistogram.of(new double[] {0.1, 0.5, inf}, new double[] {2, 5, 9});
        assertThat(h.slowerThan(0.1)).isEqualTo(new RequestCounts(9, 7));
        assertThatThrownBy(() -> CumulativeHistogram.of(new double[] {0.1, inf}, new double[] {1}))
                .hasMessage("2 bucket bounds but 1 counts");
        assertThatThrownBy(() -> CumulativeHistogram.of(new double[] {0.5, 0.1, inf}, new double[] {1, 2, 3}))
                .hasMessage("bucket bounds must ascend: 0.5, 0.1, +Inf");
        assertThatThrownBy(() -> CumulativeHistogram.of(new double[] {0.1, inf}, new double[] {-1, 2}))
                .hasMessageContaining("bucket le=\"0.1\" has the count -1.0");
    }

    @Test
    void badLabelsAndCountsAreNamed() {
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("fast", 1.0, "+Inf", 2.0)))
                .hasMessage("le=\"fast\" is not a bucket bound (a number or +Inf)");
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("1.0d", 1.0, "+Inf", 2.0)))
                .hasMessageContaining("le=\"1.0d\" is not a bucket bound");
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("0.5", -1.0, "+Inf", 2.0)))
                .hasMessage("bucket le=\"0.5\" has the count -1.0; bucket counts are finite and not negative");
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("0.5", Double.NaN, "+Inf", 2.0)))
                .hasMessageContaining("has the count NaN");
        assertThatThrownBy(() -> CumulativeHistogram.fromBuckets(Map.of("0.5", 1.0, "+Inf", Double.POSITIVE_INFINITY)))
                .hasMessageContaining("has the count Infinity");
        assertThat(CumulativeHistogram.fromBuckets(Map.of("2.5e-1", 1.0, "+Inf", 2.0)).bounds()).containsExactly(0.25);
    }

    @Test
    void increaseIsTheSumOfRisesBetweenScrapes() {
        CumulativeHistogram inc = CumulativeHistogram.increase(List.of(
                scrape(10, 20, 25, 30), scrape(15, 30, 38, 45), scrape(40, 70, 90, 100)));
        assertThat(inc.count()).isEqualTo(70);
        assertThat(inc.countAtOrBelow(0.1)).isEqualTo(30);
        assertThat(inc.countAtOrBelow(0.25)).isEqualTo(50);
        assertThat(inc.countAtOrBelow(0.5)).isEqualTo(65);
    }

    @Test
    void aFallIsACounterResetAndTheNewValueIsTheRise() {
        // 100 → 150 (+50), restart → 20 (+20), → 50 (+30): like increase(), 100 in all.
        CumulativeHistogram inc = CumulativeHistogram.increase(List.of(
                scrape(60, 90, 95, 100), scrape(90, 135, 143, 150), scrape(10, 15, 18, 20), scrape(25, 40, 47, 50)));
        assertThat(inc.count()).isEqualTo(100);
        assertThat(inc.countAtOrBelow(0.1)).isEqualTo(30 + 10 + 15);
        assertThat(inc.slowerThan(0.25)).isEqualTo(new RequestCounts(100, 100 - (45 + 15 + 25)));
    }

    @Test
    void aResetSeenInOneBucketResetsTheWholeHistogram() {
        // The process restarted and served 300 requests before the next scrape: the +Inf series rose from 200 to
        // 300, but the fast bucket fell. Each series alone would read +100 requests and +10 fast ones; the whole
        // histogram restarted, so it is +300 requests of which 10 fast.
        CumulativeHistogram inc = CumulativeHistogram.increase(List.of(scrape(150, 180, 190, 200),
                scrape(10, 250, 280, 300)));
        assertThat(inc.count()).isEqualTo(300);
        assertThat(inc.countAtOrBelow(0.1)).isEqualTo(10);
        assertThat(inc.slowerThan(0.5)).isEqualTo(new RequestCounts(300, 20));
    }

    @Test
    void increaseNeedsTwoScrapesOfTheSameBuckets() {
        assertThatThrownBy(() -> CumulativeHistogram.increase(List.of(scrape(1, 2, 3, 4))))
                .hasMessage("an increase needs at least two scrapes, got 1");
        CumulativeHistogram other = CumulativeHistogram.fromBuckets(Map.of("0.1", 1.0, "1", 2.0, "+Inf", 4.0));
        assertThatThrownBy(() -> CumulativeHistogram.increase(List.of(scrape(1, 2, 3, 4), other)))
                .hasMessage("scrape 2 has the buckets 0.1, 1, +Inf, the first 0.1, 0.25, 0.5, +Inf: the histogram's buckets changed");
    }

    @Test
    void slowRequestsAreTheCountMinusTheBoundsBucket() {
        CumulativeHistogram h = scrape(50, 80, 95, 100);
        assertThat(h.slowerThan(0.1)).isEqualTo(new RequestCounts(100, 50));
        assertThat(h.slowerThan(0.25)).isEqualTo(new RequestCounts(100, 20));
        assertThat(h.slowerThan(0.5)).isEqualTo(new RequestCounts(100, 5));
    }

    @Test
    void aBoundBetweenBucketsIsAClearError() {
        CumulativeHistogram h = scrape(50, 80, 95, 100);
        assertThatThrownBy(() -> h.slowerThan(0.3)).hasMessage("no bucket le=\"0.3\"; the histogram's buckets are "
                + "0.1, 0.25, 0.5, +Inf: a latency bound must be one of them (counts inside a bucket are unknown)");
        assertThatThrownBy(() -> h.slowerThan(Double.POSITIVE_INFINITY)).hasMessageContaining("no bucket le=\"+Inf\"");
    }

    @Test
    void quantileInterpolatesInsideTheBucketLikeHistogramQuantile() {
        CumulativeHistogram h = scrape(50, 80, 95, 100);
        // rank 0.95·100 = 95 is the top of the le=0.5 bucket; rank 90 is 10 of its 15 above 0.25.
        assertThat(h.quantile(0.95)).isCloseTo(0.5, within(1e-12));
        assertThat(h.quantile(0.9)).isCloseTo(0.25 + 0.25 * 10 / 15, within(1e-12));
        // The lowest bucket starts at 0.
        assertThat(h.quantile(0.2)).isCloseTo(0.1 * 20 / 50, within(1e-12));
        assertThat(h.quantile(0)).isEqualTo(0);
    }

    @Test
    void quantileInTheInfBucketIsTheHighestFiniteBound() {
        assertThat(scrape(50, 80, 95, 100).quantile(0.99)).isEqualTo(0.5);
        assertThat(scrape(50, 80, 95, 100).quantile(1)).isEqualTo(0.5);
    }

    @Test
    void quantileSpecialCasesFollowPrometheus() {
        CumulativeHistogram h = scrape(50, 80, 95, 100);
        assertThat(h.quantile(-0.1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(h.quantile(1.1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.quantile(Double.NaN)).isNaN();
        assertThat(scrape(0, 0, 0, 0).quantile(0.5)).isNaN();
        assertThat(CumulativeHistogram.fromBuckets(Map.of("+Inf", 5.0)).quantile(0.5)).isNaN();
        // A lowest bucket with a bound at or below 0 answers its bound.
        CumulativeHistogram negative = CumulativeHistogram.fromBuckets(Map.of("-1", 5.0, "1", 8.0, "+Inf", 10.0));
        assertThat(negative.quantile(0.3)).isEqualTo(-1);
        assertThat(negative.quantile(0.65)).isCloseTo(-1 + 2 * (1.5 / 3), within(1e-12));
    }
}
