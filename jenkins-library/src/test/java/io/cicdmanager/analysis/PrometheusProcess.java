package io.cicdmanager.analysis;

import static org.awaitility.Awaitility.await;

import io.cicdmanager.RequiredBinary;
import io.cicdmanager.json.ObjectMappers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code prometheus} server (the Debian package's binary) started for a test: it scrapes the given targets
 * every second (or at the interval a test asks for), evaluates the given rules, keeps its data under a temporary directory and listens on a free
 * loopback port. Where the binary is missing the test fails on CI and is skipped elsewhere.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final URI url;
    private final Path log;

    private PrometheusProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The {@code prometheus} binary on the PATH; on CI its absence fails the test, elsewhere it skips it. */
    public static Path binary() {
        return RequiredBinary.find("prometheus");
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}) every second under the job {@code service},
     * with {@code rules} (a rules file's YAML, or null), and waits until it is ready.
     */
    public static PrometheusProcess start(Path dir, List<String> targets, String rules) throws IOException {
        return start(dir, "static_configs:\n      - targets: ["
                + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]\n", rules,
                Duration.ofSeconds(1));
    }

    /**
     * Starts Prometheus scraping, every {@code scrapeInterval}, the targets listed in {@code targetsFile} (file-based
     * discovery: a YAML list of {@code {targets: [host:port], labels: {…}}} groups, which Prometheus re-reads when the
     * file changes, so that a test can add a pod), and waits until it is ready.
     */
    public static PrometheusProcess start(Path dir, Path targetsFile, Duration scrapeInterval) throws IOException {
        return start(dir, "file_sd_configs:\n      - files: ['" + targetsFile + "']\n", null, scrapeInterval);
    }

    private static PrometheusProcess start(Path dir, String targets, String rules, Duration scrapeInterval)
            throws IOException {
        Path binary = binary();
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        String every = scrapeInterval.toSeconds() + "s";
        StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: " + every + "\n  scrape_timeout: 1s\n"
                + "  evaluation_interval: " + every + "\n");
        if (rules != null) {
            Files.writeString(dir.resolve("rules.yml"), rules);
            yaml.append("rule_files: [rules.yml]\n");
        }
        yaml.append("scrape_configs:\n  - job_name: service\n    ").append(targets);
        Files.writeString(config, yaml);
        IOException lastFailure = null;
        // A free port can be taken by someone else before Prometheus binds it; then try another.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data-" + attempt),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusProcess prometheus = new PrometheusProcess(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> prometheus.ready() || !process.isAlive());
            } catch (RuntimeException e) {
                prometheus.close();
                throw e;
            }
            if (process.isAlive()) {
                return prometheus;
            }
            lastFailure = new IOException("prometheus exited with " + process.exitValue() + ":\n" + prometheus.log());
            prometheus.close();
        }
        throw lastFailure;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI url() {
        return url;
    }

    /** What Prometheus wrote so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** How many of the scrape targets Prometheus last scraped successfully. */
    public long targetsUp() throws IOException {
        JsonNode targets = ObjectMappers.json().readTree(get("/api/v1/targets?state=active").body())
                .path("data").path("activeTargets");
        long up = 0;
        for (JsonNode target : targets) {
            up += "up".equals(target.path("health").asString()) ? 1 : 0;
        }
        return up;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
