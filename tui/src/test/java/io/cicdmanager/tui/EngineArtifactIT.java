package io.cicdmanager.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.steps.MavenRepositoryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ./mvnw deploy publishes is what the Jenkins steps download: the all-in-one jar this build packaged, its
 * .sha256 beside it, and the version the library pins. The library's run-cicd.sh installs this very jar from a
 * Maven repository over HTTP, on an agent with only Java, and runs it.
 */
class EngineArtifactIT {
    private static final Path MODULE = repositoryRoot().resolve("tui");
    private static final Path JAR = MODULE.resolve("target/cicd.jar");
    private static final Path RUNNER = repositoryRoot().resolve("resources/io/cicdmanager/engine/run-cicd.sh");

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("vars"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root, above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    @TempDir
    Path dir;

    private static String pinnedVersion() throws IOException {
        Matcher m = Pattern.compile("(?m)^version='([^']+)'$").matcher(Files.readString(RUNNER));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private record Run(int code, String out) {
    }

    private static Run run(Path workingDir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished: " + out).isTrue();
        return new Run(process.exitValue(), out);
    }

    @Test
    void thePublishedJarCarriesItsChecksumAndTheLibrarysVersion() throws Exception {
        byte[] jar = Files.readAllBytes(JAR);
        assertThat(Files.readString(MODULE.resolve("target/cicd.jar.sha256")).trim())
                .isEqualTo(MavenRepositoryServer.sha256(jar));
        Run version = run(MODULE, Map.of("PATH", System.getenv("PATH")), javaCommand(), "-jar", JAR.toString(),
                "--version");
        assertThat(version.out().lines().findFirst().orElseThrow()).isEqualTo("cicd " + pinnedVersion());
    }

    @Test
    void theLibraryInstallsThisJarOnAnAgentWithOnlyJavaAndRunsIt() throws Exception {
        String version = pinnedVersion();
        try (MavenRepositoryServer repository = new MavenRepositoryServer(Files.createDirectories(dir.resolve("repo")))) {
            repository.publish(version, Files.readAllBytes(JAR));
            Path workspace = Files.createDirectories(dir.resolve("workspace"));
            Files.copy(RUNNER, workspace.resolve("run-cicd.sh"));
            Map<String, String> agent = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString(),
                    "JAVA_HOME", System.getProperty("java.home"), "CICD_MAVEN_REPOSITORY", repository.url());
            Run installed = run(workspace, agent, "sh", "run-cicd.sh", "err.txt", "--version");
            assertThat(installed.code()).as(installed.out()).isZero();
            assertThat(installed.out()).contains("Installing cicd " + version).contains("cicd " + version);
            try (var cached = Files.list(dir.resolve(".cicd/engine").resolve(version))) {
                List<Path> jars = cached.filter(f -> f.toString().endsWith(".jar")).toList();
                assertThat(jars).singleElement().satisfies(f -> assertThat(f).hasSameBinaryContentAs(JAR));
            }
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
