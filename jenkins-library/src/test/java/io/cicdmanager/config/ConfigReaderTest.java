package io.cicdmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    @TempDir
    Path dir;

    enum Mode { PAUSE, ROLLBACK }

    private static final String SPEC = """
            name: checkout
            strategy:
              canary:
                steps:
                  - setWeight: 5
                  - pause: 15m
                analysis:
                  interval: 30s
                  failureLimit: 0
                  onInconclusive: rollback
            enabled: yes
            """;

    @Test
    void readsNestedValuesWithTheirTypes() {
        ConfigNode root = ConfigReader.read(SPEC, "rollout.yaml");
        ConfigNode canary = root.get("strategy").get("canary");
        assertThat(root.string("name")).isEqualTo("checkout");
        assertThat(canary.list("steps")).hasSize(2);
        assertThat(canary.list("steps").get(0).integer("setWeight", -1)).isEqualTo(5);
        assertThat(canary.list("steps").get(1).duration("pause", null)).isEqualTo(Duration.ofMinutes(15));
        ConfigNode analysis = canary.get("analysis");
        assertThat(analysis.duration("interval", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(analysis.integer("failureLimit", 9)).isZero();
        assertThat(analysis.enumValue("onInconclusive", Mode.class, Mode.PAUSE)).isEqualTo(Mode.ROLLBACK);
        assertThat(root.bool("enabled", false)).isTrue();
        assertThat(root.integer("missing", 7)).isEqualTo(7);
    }

    @Test
    void errorsNameFileLineAndFieldPath() {
        ConfigNode root = ConfigReader.read(SPEC, "rollout.yaml");
        ConfigNode step = root.get("strategy").get("canary").list("steps").get(1);
        assertThatThrownBy(() -> step.integer("pause", 0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rollout.yaml:6:16: strategy.canary.steps[1].pause: '15m' is not a number");
        assertThatThrownBy(() -> root.get("strategy").get("canary").get("analysis")
                .enumValue("failureLimit", Mode.class, Mode.PAUSE))
                .hasMessageContaining("rollout.yaml:9:")
                .hasMessageContaining("'0' is not one of pause, rollback");
        assertThatThrownBy(() -> root.string("namespace"))
                .hasMessageContaining("namespace: is required");
    }

    @Test
    void unknownFieldsAreRejectedWithTheKnownOnes() {
        ConfigNode root = ConfigReader.read("name: a\nimgae: x\n", "spec.yaml");
        assertThatThrownBy(() -> root.allowOnly("name", "image"))
                .hasMessage("spec.yaml:2:8: imgae: unknown field; known fields here: image, name");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThatThrownBy(() -> ConfigReader.read("a: 1\nb: 2\na: 3\n", "p.yaml"))
                .hasMessage("p.yaml:3:1: a: appears twice");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigReader.read("gates:\n  - id: x\n   bad: [\n", "gates.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gates.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void emptyMissingAndNonUtf8FilesAreErrors() throws Exception {
        assertThatThrownBy(() -> ConfigReader.read("", "e.yaml")).hasMessageContaining("the document is empty");
        assertThatThrownBy(() -> ConfigReader.read(dir.resolve("nope.yaml"), "nope.yaml"))
                .hasMessage("nope.yaml: file not found");
        Path bad = dir.resolve("bad.yaml");
        Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> ConfigReader.read(bad, "bad.yaml")).hasMessage("bad.yaml: not UTF-8 text");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "a: 1\n", StandardCharsets.UTF_8);
        assertThat(ConfigReader.read(good, "good.yaml").integer("a", 0)).isEqualTo(1);
    }

    @Test
    void durationsAcceptTheSpecSyntax() {
        assertThat(ConfigNode.parseDuration("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(ConfigNode.parseDuration("250ms")).contains(Duration.ofMillis(250));
        assertThat(ConfigNode.parseDuration("2d")).contains(Duration.ofDays(2));
        assertThat(ConfigNode.parseDuration("90")).contains(Duration.ofSeconds(90));
        assertThat(ConfigNode.parseDuration("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(ConfigNode.parseDuration("15 minutes")).isEmpty();
        assertThat(ConfigNode.parseDuration("m15")).isEmpty();
        assertThat(ConfigNode.parseDuration("")).isEmpty();
        assertThat(TimeUnit.MILLISECONDS.toSeconds(ConfigNode.parseDuration("1m").orElseThrow().toMillis()))
                .isEqualTo(60);
    }

    @Test
    void wrongShapesAreNamed() {
        ConfigNode root = ConfigReader.read("steps: 3\nname: [a]\nm: {x: 1}\n", "s.yaml");
        assertThatThrownBy(() -> root.list("steps")).hasMessage("s.yaml:1:8: steps: must be a list");
        assertThatThrownBy(() -> root.string("name")).hasMessageContaining("must be a single value, not a list");
        assertThatThrownBy(() -> root.get("m").asString()).hasMessageContaining("not a map");
        assertThatThrownBy(() -> root.get("steps").get("x")).hasMessageContaining("must be a map of fields");
        assertThat(root.get("m").integer("x", 0)).isEqualTo(1);
        assertThatThrownBy(() -> ConfigReader.read("v: 1.5\n", "v.yaml").integer("v", 0))
                .hasMessageContaining("'1.5' is not a whole number");
        assertThatThrownBy(() -> ConfigReader.read("v: maybe\n", "v.yaml").bool("v", false))
                .hasMessageContaining("'maybe' is not true or false");
        assertThatThrownBy(() -> ConfigReader.read("v: soon\n", "v.yaml").duration("v", null))
                .hasMessageContaining("'soon' is not a duration");
    }
}
