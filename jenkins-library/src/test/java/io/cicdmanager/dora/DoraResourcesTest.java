package io.cicdmanager.dora;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The dashboard and alert rules shipped in resources/ check out with promtool and use only exported metrics. */
class DoraResourcesTest {
    private static final Pattern METRIC = Pattern.compile("\\bdora_[a-z0-9_]+");

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = DoraResourcesTest.class.getResourceAsStream("/io/cicdmanager/dora/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    @Test
    void theAlertRulesPassPromtoolCheckAndItsUnitTests() throws Exception {
        Path promtool = RequiredBinary.find("promtool");
        Files.writeString(dir.resolve("dora-alerts.yml"), resource("dora-alerts.yml"));
        assertThat(run(dir, promtool.toString(), "check", "rules", "dora-alerts.yml")).contains("SUCCESS: 6 rules found");
        Files.writeString(dir.resolve("dora-alerts-test.yml"),
                resource("dora-alerts-test.yml").replace("RULES_FILE", "dora-alerts.yml"));
        assertThat(run(dir, promtool.toString(), "test", "rules", "dora-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void theAlertRulesUseOnlyExportedMetrics() throws Exception {
        JsonNode rules = ObjectMappers.yaml().readTree(resource("dora-alerts.yml"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                expressions.add(rule.get("expr").asString());
            }
        }
        assertThat(metricsIn(expressions)).isNotEmpty().isSubsetOf(exported());
    }

    @Test
    void theDashboardChartsEveryKeyFromExportedMetricsOnly() throws Exception {
        JsonNode dashboard = ObjectMappers.json().readTree(resource("dora-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("title").asString()).isNotBlank();
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        Set<String> used = metricsIn(expressions);
        assertThat(used).isSubsetOf(exported());
        Set<String> charted = new TreeSet<>(exported());
        charted.remove(DoraMetrics.WINDOW_SECONDS);
        assertThat(used).containsAll(charted);
        List<String> variables = new ArrayList<>();
        dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asString()));
        assertThat(variables).contains("service", "environment", "team");
    }

    private static Set<String> exported() {
        return new TreeSet<>(new DoraMetrics(null, null, null).getPrometheusNames());
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }
}
