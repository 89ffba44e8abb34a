package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SequentialJudgeTest {

    private static JudgeVerdict feed(SequentialJudge judge, int intervals, RequestCounts canary, RequestCounts stable) {
        JudgeVerdict verdict = judge.verdict();
        for (int i = 0; i < intervals; i++) {
            verdict = judge.observe(canary, stable);
        }
        return verdict;
    }

    @Test
    void aClearRegressionFailsNamingBothRatesAndTheEvidence() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults());
        JudgeVerdict verdict = judge.observe(new RequestCounts(1000, 51), new RequestCounts(19000, 95));

        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.canaryRate()).isEqualTo(0.051);
        assertThat(verdict.stableRate()).isEqualTo(0.005);
        assertThat(verdict.regression().reached()).isTrue();
        assertThat(verdict.regression().threshold()).isEqualTo(100);
        assertThat(verdict.regression().errorBound()).isEqualTo(0.01);
        assertThat(verdict.message()).matches("canary 5\\.1 % \\(51/1000\\) vs stable 0\\.5 % \\(95/19000\\): worse than "
                + "1\\.5× and \\+0\\.1 points, evidence [0-9.e+]+ >= 100 \\(alpha 1 %\\)");
        assertThat(verdict.regression().value()).isGreaterThan(1e6);
    }

    @Test
    void aHealthyCanaryWithEnoughTrafficPasses() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults());
        JudgeVerdict verdict = feed(judge, 30, new RequestCounts(1000, 5), new RequestCounts(19000, 95));

        assertThat(verdict.decision()).isEqualTo(Verdict.PASS);
        assertThat(verdict.noRegression().threshold()).isEqualTo(200);
        assertThat(verdict.intervals()).isEqualTo(30);
        assertThat(verdict.canary()).isEqualTo(new RequestCounts(30_000, 150));
        assertThat(verdict.message()).matches("canary 0\\.5 % \\(150/30000\\) vs stable 0\\.5 % \\(2850/570000\\): not "
                + "3× and \\+0\\.2 points worse, evidence [0-9.e+]+ >= 200 \\(beta 1 %\\)");
    }

    @Test
    void littleTrafficIsInconclusiveNeverAPass() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults());
        assertThat(judge.verdict().decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge.verdict().message()).isEqualTo("canary 0 % (0/0) vs stable 0 % (0/0): not enough evidence yet, "
                + "for a regression 1.0 < 100, against 1.0 < 200");

        JudgeVerdict verdict = feed(judge, 10, new RequestCounts(10, 0), new RequestCounts(190, 1));
        assertThat(verdict.decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(verdict.message()).startsWith("canary 0 % (0/100) vs stable 0.53 % (10/1900): not enough evidence yet");
    }

    @Test
    void aFailStaysAFailWhateverComesAfter() {
        SequentialJudge judge = new SequentialJudge(JudgeSettings.defaults());
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
        JudgeVerdict verdict = feed(new SequentialJudge(JudgeSettings.defaults()), 50, canary, stable);
        assertThat(verdict.decision()).isNotEqualTo(Verdict.FAIL);
        // The canary's own rate never rose above the floor of 0.3 %: the evidence stays where it started.
        assertThat(verdict.regression().value()).isEqualTo(1);

        JudgeVerdict relativeOnly = new SequentialJudge(JudgeSettings.of(1.5, 0, 0.01)).observe(canary, stable);
        assertThat(relativeOnly.decision()).isEqualTo(Verdict.FAIL);
        assertThat(relativeOnly.message()).contains("worse than 1.5×, evidence");
    }

    @Test
    void aServiceWithoutErrorsPassesOnTheAbsoluteSide() {
        // No bad requests at all: the ratio test never learns anything, the canary's own rate proves it fine.
        JudgeVerdict verdict = feed(new SequentialJudge(JudgeSettings.defaults()), 6, new RequestCounts(1000, 0),
                new RequestCounts(19000, 0));
        assertThat(verdict.decision()).isEqualTo(Verdict.PASS);

        JudgeVerdict relativeOnly = feed(new SequentialJudge(JudgeSettings.of(1.5, 0, 0.01)), 100,
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
        SequentialJudge judge = new SequentialJudge(new JudgeSettings(2, 0.45, 0.01, 4, 0.45, 0.01));
        JudgeVerdict verdict = feed(judge, 5, new RequestCounts(100, 99), new RequestCounts(100, 10));
        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
    }
}
