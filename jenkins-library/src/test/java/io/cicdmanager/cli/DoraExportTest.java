package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraMetrics;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.Incident;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.dora.Restore;
import io.cicdmanager.dora.RestoreKind;
import io.cicdmanager.time.Sleeper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus exports against the real tools: promtool on the served text, a real Pushgateway for push. */
class DoraExportTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeEach
    void recordSomeHistory() {
        Instant now = CliRun.NOW;
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.sqlite(dir.resolve("dora.db")))) {
            store.record(new Deployment("d1", "checkout", "prod", "payments", "1", "a",
                    List.of(now.minus(Duration.ofHours(27))), null, now.minus(Duration.ofHours(24)),
                    DeploymentStatus.SUCCESS, null, null));
            store.record(new Deployment("d2", "checkout", "prod", "payments", "2", "b",
                    List.of(now.minus(Duration.ofHours(13))), null, now.minus(Duration.ofHours(12)),
                    DeploymentStatus.FAILURE, null, null));
            store.record(new Restore("r2", "d2", now.minus(Duration.ofHours(11)), RestoreKind.ROLLBACK, null));
            store.record(new Deployment("c1", "cart", "staging", null, "1", "c", List.of(), null,
                    now.minus(Duration.ofDays(2)), DeploymentStatus.SUCCESS, null, null));
            store.record(new Incident("i1", "cart", "staging", now.minus(Duration.ofDays(1)), null, null));
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void servedMetricsPassPromtoolAndCarryTheKeysPerService() throws Exception {
        Path promtool = RequiredBinary.find("promtool");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Sleeper noSleep = d -> {
            throw new AssertionError("slept");
        };
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                Clock.fixed(CliRun.NOW, ZoneOffset.UTC), noSleep);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Cicd.execute(context, "dora", "serve", "--port", "0", "--bind",
                "127.0.0.1", "--db", "dora.db")));
        serving.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("/metrics")
                    || !serving.isAlive());
            Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/metrics").matcher(out.toString());
            assertThat(port.find()).as(out + err.toString()).isTrue();
            String metrics = get("http://127.0.0.1:" + port.group(1) + "/metrics");

            String checkout = "{environment=\"prod\",service=\"checkout\",team=\"payments\"}";
            assertThat(metrics).contains(DoraMetrics.LEAD_MEDIAN + checkout + " 10800.0")
                    .contains(DoraMetrics.FAILURE_RATIO + checkout + " 0.5")
                    .contains(DoraMetrics.RECOVERY_MEDIAN + checkout + " 3600.0")
                    .contains("dora_window_deployments{environment=\"prod\",service=\"checkout\",status=\"failure\","
                            + "team=\"payments\"} 1.0")
                    .contains(DoraMetrics.TIER + "{environment=\"prod\",key=\"recovery_time\",service=\"checkout\","
                            + "team=\"payments\"} 3.0")
                    .contains(DoraMetrics.WINDOW_SECONDS + " 2592000.0");
            // cart shipped no change and never failed: no lead time, no recovery time, rather than a made-up zero
            assertThat(metrics).contains(DoraMetrics.FAILURE_RATIO
                    + "{environment=\"staging\",service=\"cart\",team=\"\"} 0.0")
                    .doesNotContain(DoraMetrics.LEAD_MEDIAN + "{environment=\"staging\"")
                    .doesNotContain(DoraMetrics.RECOVERY_MEDIAN + "{environment=\"staging\"");

            Path file = Files.writeString(dir.resolve("metrics.txt"), metrics);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(verdict).isZero();
            assertThat(verdict.strip()).isEmpty();
        } finally {
            serving.interrupt();
            serving.join(Duration.ofSeconds(20).toMillis());
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
    }

    @Test
    void aPortInUseIsBadUsageNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(dir, "dora", "serve", "--port", Integer.toString(taken.getLocalPort()),
                    "--bind", "127.0.0.1", "--db", "dora.db");
            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("--port " + taken.getLocalPort());
        }
        assertThat(CliRun.run(dir, "dora", "serve", "--window-days", "0").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void pushedMetricsReachARealPushgateway() throws Exception {
        Path pushgateway = RequiredBinary.find("prometheus-pushgateway");
        int port = freePort();
        Process gateway = new ProcessBuilder(pushgateway.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get(base + "/-/ready") != null);
            CliRun run = CliRun.run(dir, "dora", "push", "--gateway", base, "--job", "dora-test", "--db", "dora.db");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("pushed").contains("127.0.0.1:" + port);
            String metrics = get(base + "/metrics");
            assertThat(metrics).contains("dora_change_failure_ratio{environment=\"prod\",instance=\"\","
                    + "job=\"dora-test\",service=\"checkout\",team=\"payments\"} 0.5");
            assertThat(metrics).contains("dora_lead_time_median_seconds{environment=\"prod\",instance=\"\","
                    + "job=\"dora-test\",service=\"checkout\",team=\"payments\"} 10800");
        } finally {
            gateway.destroy();
            gateway.waitFor();
        }
    }

    @Test
    void anUnreachableGatewayIsExitFourAndABadUrlIsBadUsage() throws Exception {
        int port = freePort();
        CliRun run = CliRun.run(dir, "dora", "push", "--gateway", "http://127.0.0.1:" + port, "--db", "dora.db");
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("Pushgateway at 127.0.0.1:" + port);
        CliRun tls = CliRun.run(dir, "dora", "push", "--gateway", "https://127.0.0.1:" + port, "--db", "dora.db");
        assertThat(tls.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        CliRun spaces = CliRun.run(dir, "dora", "push", "--gateway", "http://push gateway:9091", "--db", "dora.db");
        assertThat(spaces.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun bad = CliRun.run(dir, "dora", "push", "--gateway", "pushgateway:9091", "--db", "dora.db");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--gateway").contains("http://pushgateway:9091");
        assertThat(CliRun.run(dir, "dora", "push", "--gateway", "http://x:1", "--window-days", "-1").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
