package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SequentialJudgeTest {

    /**
     * Ten minutes of a stable track whose nine pods fail independently (binomial draws, seeded): what the check
     * reads before the canary's first round, and what lets the judge weigh counts as independent requests.
     */
    static List<TrackCounts> independentHistory(long seed) {
        return history(seed, 1);
    }

    /** The same with failures in bursts of {@code burst} requests on one pod each. */
    static List<TrackCounts> history(long seed, int burst) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TrackCounts> windows = new ArrayList<>();
        for (int w = 0; w < 120; w++) {
            Map<String, RequestCounts> pods = new TreeMap<>();
            for (int p = 0; p < 9; p++) {
                int bad = 0;
                for (int r = 0; r < 100; r += burst) {
                    bad += random.nextDouble() < 0.005 ? burst : 0;
                }
                pods.put("stable-" + p, new RequestCounts(100, Math.min(100, bad)));
            }
            windows.add(TrackCounts.ofPods(pods));
        }
        return windows;
    }

    /** A judge that has read an independent stable track's history. */
    private static SequentialJudge learnt(JudgeSettings settings) {
        SequentialJudge judge = new SequentialJudge(settings);
        judge.learn(independentHistory(1));
        return judge;
    }

    private static JudgeVerdict feed(SequentialJudge judge, int intervals, RequestCounts canary, RequestCounts stable) {
        JudgeVerdict verdict = judge.verdict();
        for (int i = 0; i < intervals; i++) {
            verdict = judge.observe(canary, stable);
        }
        return verdict;
    }

    @Test
    void aClearRegressionFailsNamingBothRatesAndTheEvidence() {
        SequentialJudge judge = learnt(JudgeSettings.defaults());
        JudgeVerdict verdict = judge.observe(new RequestCounts(1000, 51), new RequestCounts(19000, 95));

        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.canaryRate()).isEqualTo(0.051);
        assertThat(verdict.stableRate()).isEqualTo(0.005);
        assertThat(verdict.regression().reached()).isTrue();
        assertThat(verdict.regression().threshold()).isEqualTo(100);
        assertThat(verdict.regression().errorBound()).isEqualTo(0.01);
        assertThat(verdict.message()).matches("canary 5\\.1 % \\(51/1000\\) vs stable 0\\.5 % \\(95/19000\\), 10× the "
                + "stable's rate: worse than 1\\.5× and \\+0\\.1 points, evidence [0-9.e+]+ >= 100 \\(alpha 1 %\\)");
        assertThat(verdict.regression().value()).isGreaterThan(1e6);
    }

    @Test
    void aHealthyCanaryWithEnoughTrafficPasses() {
        SequentialJudge judge = learnt(JudgeSettings.defaults());
        JudgeVerdict verdict = feed(judge, 30, new RequestCounts(1000, 5), new RequestCounts(19000, 95));

        assertThat(verdict.decision()).isEqualTo(Verdict.PASS);
        assertThat(verdict.noRegression().threshold()).isEqualTo(200);
        assertThat(verdict.intervals()).isEqualTo(30);
        assertThat(verdict.canary()).isEqualTo(new RequestCounts(30_000, 150));
        assertThat(verdict.message()).matches("canary 0\\.5 % \\(150/30000\\) vs stable 0\\.5 % \\(2850/570000\\), 1× "
                + "the stable's rate: not 3× and \\+0\\.2 points worse, evidence [0-9.e+]+ >= 200 \\(beta 1 %\\)");
    }

    @Test
    void littleTrafficIsInconclusiveNeverAPass() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults());
        assertThat(judge.verdict().decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge.verdict().message()).isEqualTo("canary 0 % (0/0) vs stable 0 % (0/0): not enough evidence yet, "
                + "for a regression 1.0 < 100, against 1.0 < 200");

        JudgeVerdict verdict = feed(judge, 10, new RequestCounts(10, 0), new RequestCounts(190, 1));
        assertThat(verdict.decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.message()).startsWith("canary 0 % (0/100) vs stable 0.53 % (10/1900): not enough evidence yet")
                .endsWith("until the counts show how clustered failures are, each weighs less");
    }

    @Test
    void aFailStaysAFailWhateverComesAfter() {
        SequentialJudge judge = learnt(JudgeSettings.defaults());
        judge.observe(new RequestCounts(1000, 60), new RequestCounts(19000, 95));
        JudgeVerdict later = feed(judge, 200, new RequestCounts(1000, 5), new RequestCounts(19000, 95));
        assertThat(later.decision()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void intervalsWithoutBadRequestsOrWithAnIdleTrackCarryNoRatioEvidence() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.of(1.5, 0, 0.01));
        feed(judge, 5, new RequestCounts(1000, 0), new RequestCounts(19000, 0));
        feed(judge, 5, new RequestCounts(0, 0), new RequestCounts(19000, 90));
        JudgeVerdict verdict = feed(judge, 5, new RequestCounts(500, 20), new RequestCounts(0, 0));
        assertThat(verdict.regression().value()).isEqualTo(1);
        assertThat(verdict.noRegression().value()).isEqualTo(1);
        assertThat(verdict.intervals()).isEqualTo(15);
    }

    @Test
    void aLargeRatioOnATinyRateIsNoRegressionWithinTheAbsoluteMargin() {
        // 0.06 % against 0.02 %: three times worse, but only 0.04 points, inside the 0.1-point margin.
        RequestCounts canary = new RequestCounts(1_000_000, 600);
        RequestCounts stable = new RequestCounts(1_000_000, 200);
        JudgeVerdict verdict = feed(learnt(JudgeSettings.defaults()), 50, canary, stable);
        assertThat(verdict.decision()).isNotEqualTo(Verdict.FAIL);
        // The canary's own rate never rose above the floor of 0.3 %: the evidence stays where it started.
        assertThat(verdict.regression().value()).isEqualTo(1);

        JudgeVerdict relativeOnly = learnt(JudgeSettings.of(1.5, 0, 0.01)).observe(canary, stable);
        assertThat(relativeOnly.decision()).isEqualTo(Verdict.FAIL);
        assertThat(relativeOnly.message()).contains("worse than 1.5×, evidence");
    }

    @Test
    void aServiceWithoutErrorsPassesOnTheAbsoluteSide() {
        // No bad requests at all: the ratio test never learns anything, the canary's own rate proves it fine.
        JudgeVerdict verdict = feed(learnt(JudgeSettings.defaults()), 6, new RequestCounts(1000, 0),
                new RequestCounts(19000, 0));
        assertThat(verdict.decision()).isEqualTo(Verdict.PASS);

        JudgeVerdict relativeOnly = feed(learnt(JudgeSettings.of(1.5, 0, 0.01)), 100,
                new RequestCounts(1000, 0), new RequestCounts(19000, 0));
        assertThat(relativeOnly.decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(relativeOnly.noRegression().threshold()).isEqualTo(100);
    }

    @Test
    void gridsClimbFromTheNullValueAndRatesStayBelowOne() {
        double[] ratios = SequentialJudge.geometric(1.5, Math.sqrt(2), false);
        assertThat(ratios).hasSize(21);
        assertThat(ratios[0]).isCloseTo(1.5 * Math.sqrt(2), within(1e-12));
        double[] rates = SequentialJudge.geometric(0.2, 2, true);
        assertThat(rates).containsExactly(0.4, 0.8);
        assertThat(SequentialJudge.geometric(0.9, 2, true)).containsExactly(0.95);
        double[] below = SequentialJudge.geometric(3, 0.5, false);
        assertThat(below[0]).isEqualTo(1.5);
        assertThat(below).hasSize(21);
    }

    @Test
    void aRegressionFloorNearOneStillGivesTheJudgeAnAlternative() {
        // maxIncrease 0.45 at ratio 2 puts the floor at 0.9: only a canary failing above 90 % can regress.
        SequentialJudge judge = learnt(new JudgeSettings(2, 0.45, 0.01, 4, 0.45, 0.01));
        JudgeVerdict verdict = feed(judge, 5, new RequestCounts(100, 99), new RequestCounts(100, 10));
        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void untilTheCountsShowFailuresIndependentOneIntervalCannotProveARegression() {
        // Five times the stable's rate in one interval: with independent requests, overwhelming; as one burst of
        // retries, hardly anything. Before any history the judge assumes bursts.
        RequestCounts canary = new RequestCounts(1000, 25);
        RequestCounts stable = new RequestCounts(19000, 95);
        assertThat(new SequentialJudge(JudgeSettings.defaults()).observe(canary, stable).decision())
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(learnt(JudgeSettings.defaults()).observe(canary, stable).decision()).isEqualTo(Verdict.FAIL);

        // A stable track whose failures come in bursts of five keeps the judge cautious, and it says why.
        SequentialJudge bursty = new SequentialJudge(JudgeSettings.defaults());
        bursty.learn(history(2, 5));
        JudgeVerdict verdict = bursty.observe(canary, stable);
        assertThat(verdict.decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.dispersion()).isGreaterThan(4);
        assertThat(verdict.message()).contains("failures came clustered (dispersion ").endsWith("), so each weighs less");
        // Sustained, the regression is still proven.
        assertThat(feed(bursty, 30, canary, stable).decision()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void oneBadPodIsJudgedOnItsOwnAndNamed() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults(), 1, true);
        judge.learn(independentHistory(3));
        Map<String, RequestCounts> pods = new TreeMap<>();
        for (int p = 0; p < 10; p++) {
            pods.put("shop-canary-" + p, new RequestCounts(100, p == 7 ? 20 : 1));
        }
        // The canary as a whole answers 2.9 % (29 of 1000), within 1.5 × the stable's 2 %; one pod answers 20 %.
        JudgeVerdict verdict = judge.observe(TrackCounts.ofPods(pods), TrackCounts.of(new RequestCounts(19000, 380)));
        for (int i = 0; i < 5 && verdict.decision() != Verdict.FAIL; i++) {
            verdict = judge.observe(TrackCounts.ofPods(pods), TrackCounts.of(new RequestCounts(19000, 380)));
        }
        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.pod()).isEqualTo("shop-canary-7");
        assertThat(verdict.judged().rate()).isEqualTo(0.2);
        assertThat(verdict.message()).startsWith("canary pod shop-canary-7 20 % (")
                .contains("(alpha 1 % shared with the canary's pods)");
        // Pods share half the alpha: the i-th to appear 1/(i(i+1)) of it; shop-canary-7 is the eighth.
        assertThat(verdict.regression().threshold()).isCloseTo(2 / 0.01 * 8 * 9, within(1e-6));
    }

    @Test
    void judgesOfOneAnalysisSplitItsAlpha() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults(), 3, false);
        assertThat(judge.verdict().regression().threshold()).isCloseTo(300, within(1e-9));
        assertThat(judge.verdict().regression().errorBound()).isEqualTo(0.01);
        assertThatThrownBy(() -> new SequentialJudge(JudgeSettings.defaults(), 0, false))
                .hasMessageContaining("at least one judge");
    }
}
