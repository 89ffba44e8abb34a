package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step on an agent that has only Java: the library installs the engine of its own version from the team's Maven
 * repository (a real HTTP server here), verified and cached, or fails with one sentence saying what to do.
 */
class EngineInstallTest extends PipelineTestBase {
    /** The engine version the library is written for, as its runner pins it. */
    static final String VERSION = pinnedVersion();

    private static byte[] engineJar;
    private MavenRepositoryServer repository;

    static String pinnedVersion() {
        try {
            Matcher m = Pattern.compile("(?m)^version='([^']+)'$").matcher(Files.readString(
                    REPOSITORY.resolve("resources/io/cicdmanager/engine/run-cicd.sh")));
            assertThat(m.find()).as("run-cicd.sh pins a version").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void buildEngineJar() {
        engineJar = EngineJar.build(EngineJar.class);
    }

    @BeforeEach
    void agentWithOnlyJava() throws IOException {
        repository = new MavenRepositoryServer(Files.createDirectories(sandbox.resolve("repository")));
        removeCicdFromPath();
        env().put("CICD_MAVEN_REPOSITORY", repository.url());
        // As a small agent would start its short commands: the installer's check and the engine both get them.
        env().put("CICD_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
        Files.writeString(workspaceFile("jacoco.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><report name=\"app\">"
                + "<counter type=\"LINE\" missed=\"10\" covered=\"90\"/></report>");
        Files.writeString(workspaceFile("gates.yaml"), """
                gates:
                  - {id: line, metric: coverage.line.percent, op: ">=", threshold: 80}
                """);
    }

    @AfterEach
    void stopRepository() {
        repository.close();
    }

    private static final String GATE = """
            return qualityGate(reports: [coverage: 'jacoco.xml'], policy: 'gates.yaml')
            """;

    private Path cache() {
        return agentHome.resolve(".cicd/engine").resolve(VERSION);
    }

    private List<Path> cachedJars() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (var files = Files.list(cache())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }
    }

    @Test
    void theLibraryPinsTheEngineVersionOfThisBuild() {
        Object version = runPipeline("""
                return sh(script: "'%s' --version", returnStdout: true)
                """.formatted(engineExecutable));
        assertThat(version.toString().lines().findFirst().orElseThrow()).isEqualTo("cicd " + VERSION);
    }

    @Test
    void anAgentWithOnlyJavaInstallsTheEngineOnceAndRunsTheStep() throws IOException {
        Path published = repository.publish(VERSION, engineJar);
        Map<?, ?> gate = (Map<?, ?>) runPipeline(GATE);
        assertThat(gate.get("status")).isEqualTo("PASSED");
        assertThat(log).contains("Installing cicd " + VERSION + " from " + repository.url()
                + "io/cicdmanager/cicd/" + VERSION + "/" + published.getFileName());
        assertThat(cachedJars()).singleElement().satisfies(jar -> {
            assertThat(jar.getFileName()).isEqualTo(published.getFileName());
            assertThat(Files.readAllBytes(jar)).isEqualTo(engineJar);
        });
        assertThat(repository.requests()).contains("io/cicdmanager/cicd/" + VERSION + "/" + published.getFileName(),
                "io/cicdmanager/cicd/" + VERSION + "/" + published.getFileName() + ".sha256");

        // The next build on this agent finds it in the cache.
        log.setLength(0);
        Map<?, ?> again = (Map<?, ?>) runPipeline(GATE);
        assertThat(again.get("status")).isEqualTo("PASSED");
        assertThat(log).doesNotContain("Installing");
        assertThat(repository.requests()).filteredOn(p -> p.endsWith(".jar")).hasSize(1);
    }

    @Test
    void aTamperedJarIsRefusedAndNothingIsInstalled() throws IOException {
        Path published = repository.publish(VERSION, engineJar);
        byte[] tampered = EngineJar.build(EngineJar.OtherVersion.class);
        Files.write(published, tampered);
        assertThatThrownBy(() -> runPipeline(GATE))
                .isInstanceOf(PipelineError.class)
                .hasMessage("qualityGate: refused " + repository.url() + "io/cicdmanager/cicd/" + VERSION + "/"
                        + published.getFileName() + ": its SHA-256 is " + MavenRepositoryServer.sha256(tampered)
                        + " but the repository's .sha256 says " + MavenRepositoryServer.sha256(engineJar)
                        + ", so the download is corrupt or was tampered with; nothing was installed.");
        assertThat(cachedJars()).isEmpty();
    }

    @Test
    void aPinnedChecksumMustMatchToo() throws IOException {
        repository.publish(VERSION, engineJar);
        env().put("CICD_SHA256", "0".repeat(64));
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessageContaining(": its SHA-256 is " + MavenRepositoryServer.sha256(engineJar)
                        + " but CICD_SHA256 says " + "0".repeat(64) + "; nothing was installed.");
        assertThat(cachedJars()).isEmpty();

        env().put("CICD_SHA256", MavenRepositoryServer.sha256(engineJar).toUpperCase());
        assertThat(((Map<?, ?>) runPipeline(GATE)).get("status")).isEqualTo("PASSED");
    }

    @Test
    void aRepositoryWithoutChecksumIsRefusedUnlessTheChecksumIsPinned() throws IOException {
        Path published = repository.publish(VERSION, engineJar);
        Files.delete(published.resolveSibling(published.getFileName() + ".sha256"));
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessageContaining("the repository has no .sha256 to verify it against; publish cicd with"
                        + " ./mvnw deploy (which publishes one) or set CICD_SHA256 to the jar's SHA-256.");
        env().put("CICD_SHA256", MavenRepositoryServer.sha256(engineJar));
        assertThat(((Map<?, ?>) runPipeline(GATE)).get("status")).isEqualTo("PASSED");
    }

    @Test
    void aJarOfAnotherVersionIsRefused() throws IOException {
        Path published = repository.publish(VERSION, EngineJar.build(EngineJar.OtherVersion.class));
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessage("qualityGate: refused " + repository.url() + "io/cicdmanager/cicd/" + VERSION + "/"
                        + published.getFileName() + ": it says it is 'cicd 0.0.9', not cicd " + VERSION
                        + ", so the repository holds the wrong file under this version; nothing was installed.");
        assertThat(cachedJars()).isEmpty();
    }

    @Test
    void aWrongVersionOnThePathIsRefusedOrReplacedByTheRightOne() throws IOException {
        Path bin = Files.createDirectories(sandbox.resolve("old-bin"));
        Path old = bin.resolve("cicd");
        Files.writeString(old, "#!/bin/sh\necho 'cicd 0.0.9'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        agentEnv.put("PATH", bin + ":" + agentEnv.get("PATH"));
        env().remove("CICD_MAVEN_REPOSITORY");
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessage("qualityGate: this library needs cicd " + VERSION + ", and cicd on PATH (" + old
                        + ") is 'cicd 0.0.9': install cicd " + VERSION + ", point CICD_CLI at it, or set"
                        + " CICD_MAVEN_REPOSITORY so the step installs it.");

        repository.publish(VERSION, engineJar);
        env().put("CICD_MAVEN_REPOSITORY", repository.url());
        assertThat(((Map<?, ?>) runPipeline(GATE)).get("status")).isEqualTo("PASSED");
        assertThat(log).contains("Installing cicd " + VERSION);
    }

    @Test
    void noEngineAndNoRepositorySaysWhatToSet() {
        env().remove("CICD_MAVEN_REPOSITORY");
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessage("qualityGate: cicd " + VERSION + " is not on this agent: set CICD_MAVEN_REPOSITORY to the"
                        + " Maven repository that holds io.cicdmanager:cicd so the step installs it, or install it and"
                        + " put it on PATH or in CICD_CLI.");
        Map<?, ?> lenient = (Map<?, ?>) runPipeline("""
                return qualityGate(reports: [coverage: 'jacoco.xml'], failOnError: false)
                """);
        assertThat(lenient.get("error").toString()).startsWith("cicd " + VERSION + " is not on this agent");
    }

    @Test
    void anUnreachableRepositoryIsNamed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        env().put("CICD_MAVEN_REPOSITORY", "http://127.0.0.1:" + port + "/maven2");
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessageStartingWith("qualityGate: cannot download http://127.0.0.1:" + port + "/maven2/")
                .hasMessageEndingWith("): check CICD_MAVEN_REPOSITORY and that this agent can reach it.");
    }

    @Test
    void anAgentWithoutJavaOrWithAnOldOneIsTold() throws IOException {
        repository.publish(VERSION, engineJar);
        // An agent whose PATH has a shell and its tools but no java.
        Path tools = Files.createDirectories(sandbox.resolve("tools"));
        for (String tool : List.of("sh", "dirname", "tee", "sed", "head", "cut", "tr", "grep", "mktemp", "mkdir", "rm",
                "mv", "cat", "curl", "sha256sum")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of(which(tool)));
        }
        agentEnv.remove("JAVA_HOME");
        agentEnv.put("PATH", tools.toString());
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessage("qualityGate: cicd " + VERSION + " needs Java 17 or newer on this agent, and there is none"
                        + " (no JAVA_HOME, no java on PATH): install one, or select it with tools { jdk '...' } or"
                        + " JAVA_HOME.");

        Path oldJava = Files.createDirectories(sandbox.resolve("jdk11/bin")).resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        agentEnv.put("JAVA_HOME", oldJava.getParent().getParent().toString());
        assertThatThrownBy(() -> runPipeline(GATE))
                .hasMessage("qualityGate: cicd " + VERSION + " needs Java 17 or newer, and " + oldJava + " is Java"
                        + " 11.0.21: point JAVA_HOME at a Java 17 or newer.");
        assertThat(cachedJars()).isEmpty();
    }

    @Test
    void aPrivateRepositoryGetsItsLoginFromCredentialsAndNeverOnACommandLine() throws IOException {
        repository.publish(VERSION, engineJar);
        repository.requireLogin("ci-reader", "s3cret-pw");
        credentials.put("nexus", Map.of("username", "ci-reader", "password", "s3cret-pw"));
        Map<?, ?> gate = (Map<?, ?>) runPipeline("""
                withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'CICD_MAVEN_USERNAME',
                                                  passwordVariable: 'CICD_MAVEN_PASSWORD')]) {
                    return qualityGate(reports: [coverage: 'jacoco.xml'], policy: 'gates.yaml')
                }
                """);
        assertThat(gate.get("status")).isEqualTo("PASSED");
        assertThat(log).doesNotContain("s3cret-pw");
        assertThat(String.join("\n", shScripts)).doesNotContain("s3cret-pw");
    }

    private static String which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(tool + " is not on this machine's PATH");
    }
}
