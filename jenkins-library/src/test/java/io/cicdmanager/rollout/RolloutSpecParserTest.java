package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.UsageException;
import io.cicdmanager.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutSpecParserTest {
    static final String BASE = """
            name: checkout
            namespace: prod
            deployment: checkout
            image: registry.example/checkout:2.4.1
            """;

    static RolloutSpec parse(String yaml) {
        return new RolloutSpecParser().parseText(yaml, "rollout.yaml");
    }

    @Test
    void theExampleSpecReadsAsWritten() throws Exception {
        RolloutSpec spec = new RolloutSpecParser().parseFile(Path.of("..", "docs", "examples", "rollout.yaml"),
                "rollout.yaml");
        assertThat(spec.name()).isEqualTo("checkout");
        assertThat(spec.canaryDeployment()).isEqualTo("checkout-canary");
        assertThat(spec.service()).isEqualTo("checkout");
        assertThat(spec.qualifiedName()).isEqualTo("prod/checkout");
        StrategySpec.Canary canary = (StrategySpec.Canary) spec.strategy();
        assertThat(canary.steps()).extracting(CanaryStep::describe).containsExactly("setWeight 5", "pause 15m",
                "setWeight 25", "pause 15m", "setWeight 50", "pause 15m");
        assertThat(canary.analysis().inconclusiveLimit()).isEqualTo(2);
        assertThat(canary.analysis().checks()).extracting(io.cicdmanager.analysis.Check::name)
                .as("the three checks as written, and the judge on by default since the spec reads Prometheus")
                .containsExactly("error-rate", "p95-latency", "p95-vs-stable", "errors-vs-stable");
        assertThat(spec.prometheus()).isNotNull();
        assertThat(spec.router().type()).isEqualTo("istio");
        assertThat(spec.router().stableSubset()).isEqualTo("stable");
        assertThat(spec.progressDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.yaml()).contains("virtualService: checkout");
    }

    @Test
    void everyStrategyAndRouterReads() {
        RolloutSpec bg = parse(BASE + """
                strategy:
                  blueGreen: {activeService: a, previewService: p, autoPromotionEnabled: false, scaleDownDelaySeconds: 5,
                              prePromotionAnalysis: {checks: [{metric: restarts}]}}
                prometheus: {url: http://prom:9090}
                notify: {webhook: https://hooks.example/x}
                container: app
                service: shop
                """);
        StrategySpec.BlueGreen b = (StrategySpec.BlueGreen) bg.strategy();
        assertThat(b.autoPromotion()).isNull();
        assertThat(b.scaleDownDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.prePromotionAnalysis().checks()).hasSize(1);
        assertThat(b.kind()).isEqualTo("blueGreen");
        assertThat(bg.prometheus().url().getHost()).isEqualTo("prom");
        assertThat(bg.notifyWebhook().getHost()).isEqualTo("hooks.example");
        assertThat(bg.container()).isEqualTo("app");
        assertThat(bg.service()).isEqualTo("shop");
        RolloutSpec rolling = parse(BASE + "strategy: {rolling: {maxSurge: 25%, maxUnavailable: 1}}\n");
        assertThat(((StrategySpec.Rolling) rolling.strategy()).maxSurge()).isEqualTo("25%");
        assertThat(parse(BASE + "strategy: {rolling: {}}\n").strategy().kind()).isEqualTo("rolling");
        RolloutSpec gw = parse(BASE + "strategy: {canary: {steps: [{setWeight: 10}, {pause: {duration: 1m}}, {pause: }]}}\n"
                + "router: {type: gateway-api, httpRoute: r, stableService: s}\n");
        assertThat(gw.router().canaryService()).isEqualTo("s-canary");
        assertThat(((StrategySpec.Canary) gw.strategy()).steps()).extracting(CanaryStep::describe)
                .containsExactly("setWeight 10", "pause 1m", "pause until promoted");
        RolloutSpec nginx = parse(BASE + "strategy: {canary: {steps: [{setWeight: 10}]}}\n"
                + "router: {type: nginx, ingress: i, stableService: s, canaryService: c}\n");
        assertThat(nginx.router().canaryService()).isEqualTo("c");
        assertThat(Durations.format(Duration.ofMillis(3_723_250))).isEqualTo("1h2m3s250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void errorsNameTheFileLineAndField() {
        assertBad(BASE.replace("name: checkout", "name: Checkout_1") + "strategy: {rolling: {}}\n",
                "rollout.yaml:1", "name: 'Checkout_1' must be a lowercase DNS label");
        assertBad(BASE.replace("image: registry.example/checkout:2.4.1", "image: 'a b'") + "strategy: {rolling: {}}\n",
                "image: 'a b' is not an image reference");
        assertBad(BASE + "strategy: {canary: {steps: []}}\n", "strategy.canary.steps: needs at least one step");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 101}]}}\n", "setWeight: must be a percentage");
        assertBad(BASE + "strategy: {canary: {steps: [{pause: 0s}]}}\n", "must be a positive duration");
        assertBad(BASE + "strategy: {canary: {steps: [{wait: 5m}]}}\n", "unknown step 'wait'");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5, pause: 1m}]}}\n", "a step is one of");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}, rolling: {}}\n", "exactly one of");
        assertBad(BASE + "strategy: {rolling: {}}\nrouter: {type: istio, virtualService: x}\n",
                "only a canary uses a traffic router");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nrouter: {type: linkerd}\n",
                "'linkerd' is not one of replicas, istio, gateway-api, nginx");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nrouter: {type: istio}\n",
                "router.virtualService: is required");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nrouter: {type: nginx, ingress: i, "
                + "stableService: s, httpRoute: r}\n", "router.httpRoute: does not apply to router type nginx");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nrouter: {stableService: s}\n",
                "does not apply to router type replicas");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nprogressDeadline: 0s\n", "at least 1s");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nnotify: {webhook: 'ftp://x'}\n",
                "http:// or https://");
        assertBad(BASE + "strategy: {canary: {steps: [{setWeight: 5}]}}\nnotify: {webhook: 'http://x y'}\n",
                "is not a URL");
        assertBad(BASE + "strategy: {blueGreen: {activeService: a, previewService: a}}\n", "must differ");
        assertBad(BASE + "strategy: {blueGreen: {activeService: a, previewService: b, autoPromotionEnabled: false, "
                + "autoPromotionSeconds: 5}}\n", "has no effect");
        assertBad(BASE + "strategy: {blueGreen: {activeService: a, previewService: b, autoPromotionSeconds: -5}}\n",
                "0 or more");
        assertBad(BASE + "strategy: {blueGreen: {activeService: a, previewService: b, scaleDownDelaySeconds: -1}}\n",
                "0 or more");
        assertBad(BASE + "strategy: {rolling: {maxSurge: lots}}\n", "number of pods or a percentage");
        assertBad(BASE + "strategy: {rolling: {}}\ncolour: red\n", "unknown field; known fields here");
        assertBad(BASE + "strategy: {rolling: {}}\nonInterrupt: ignore\n", "rollout.yaml:6:",
                "onInterrupt: 'ignore' is not rollback or hold");
    }

    @Test
    void aSignalRollsBackUnlessTheSpecSaysHold() {
        assertThat(parse(BASE + "strategy: {rolling: {}}\n").onInterrupt()).isEqualTo(OnInterrupt.ROLLBACK);
        assertThat(parse(BASE + "strategy: {rolling: {}}\nonInterrupt: hold\n").onInterrupt())
                .isEqualTo(OnInterrupt.HOLD);
    }

    private static void assertBad(String yaml, String... fragments) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).satisfies(e -> {
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new RolloutSpecParser().parseFile(dir.resolve("nope.yaml"), "nope.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml").hasMessageContaining("not found");
        Files.writeString(dir.resolve("ok.yaml"), BASE + "strategy: {rolling: {}}\n");
        assertThat(new RolloutSpecParser().parseFile(dir.resolve("ok.yaml"), "ok.yaml").name()).isEqualTo("checkout");
        UsageException fromFlags = RolloutSpecParser.fromFlags(new UsageException("arguments:3:5: image: bad"));
        assertThat(fromFlags.getMessage()).isEqualTo("arguments: image: bad");
    }

    private static java.util.List<String> canaryChecks(RolloutSpec spec) {
        return ((StrategySpec.Canary) spec.strategy()).analysis().checks().stream()
                .map(c -> c.name() + ":" + c.kind()).toList();
    }

    @Test
    void aCanaryThatReadsPrometheusIsJudgedAgainstStableByDefault() {
        String steps = "strategy: {canary: {steps: [{setWeight: 5}, {pause: 1m}]%s}}\n";
        String prometheus = "prometheus: {url: http://prom:9090}\n";
        assertThat(canaryChecks(parse(BASE + prometheus + steps.formatted(""))))
                .containsExactly("errors-vs-stable:sequential-judge");
        assertThat(canaryChecks(parse(BASE + prometheus + steps.formatted(
                ", analysis: {interval: 10s, checks: [{metric: error-rate, max: 1%}]}"))))
                .containsExactly("error-rate:threshold", "errors-vs-stable:sequential-judge");
        // Without a metrics backend there is nothing to judge with, and a spec may turn the judge off.
        assertThat(canaryChecks(parse(BASE + steps.formatted("")))).isEmpty();
        assertThat(canaryChecks(parse(BASE + prometheus + steps.formatted(
                ", analysis: {defaultJudge: false, checks: [{metric: error-rate, max: 1%}]}"))))
                .containsExactly("error-rate:threshold");
        // A judge of the spec's own on error rates replaces it.
        assertThat(canaryChecks(parse(BASE + prometheus + steps.formatted(
                ", analysis: {checks: [{name: mine, judge: sequential, metric: error-rate, maxRatio: 2}]}"))))
                .containsExactly("mine:sequential-judge");
        // Rehearsals simulate the metrics, so every canary there is measurable.
        assertThat(canaryChecks(RolloutSpecParser.forSimulation().parseText(BASE + steps.formatted(""), "s.yaml")))
                .containsExactly("errors-vs-stable:sequential-judge");
        assertThat(canaryChecks(RolloutSpecParser.forSimulation().parseText(BASE + steps.formatted(
                ", analysis: {defaultJudge: false}"), "s.yaml"))).isEmpty();
    }

    @Test
    void defaultJudgeIsACanaryFieldOnly() {
        assertThatThrownBy(() -> parse(BASE + """
                strategy: {rolling: {analysis: {defaultJudge: false}}}
                prometheus: {url: http://prom:9090}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("defaultJudge");
        assertThatThrownBy(() -> parse(BASE + """
                strategy: {canary: {steps: [{setWeight: 5}], analysis: {defaultJudge: maybe}}}
                """)).hasMessageContaining("strategy.canary.analysis.defaultJudge");
    }
}
