package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short command loads in a JVM of its own: {@code --version} and a small gate neither configure logging nor
 * build the other commands (see docs/performance.md for what that saves). Counted in classes loaded, not timed.
 */
class LazyStartTest {
    @TempDir
    Path dir;

    /** Runs cicd in a fresh JVM and returns the classes it loaded, one name a line. */
    public static void main(String[] args) {
        System.exit(Cicd.execute(CliContext.system(), args));
    }

    private List<String> loadedBy(String... args) throws Exception {
        Path log = dir.resolve("classes.txt");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-cp",
                System.getProperty("java.class.path"), LazyStartTest.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(l -> l.replaceAll(".*\\] ", ""))
                .map(l -> l.split(" ")[0]).toList();
    }

    private static List<String> logging(List<String> classes) {
        return classes.stream().filter(c -> c.startsWith("ch.qos.logback")).toList();
    }

    /** Mixins picocli reads only when it builds the commands that use them: rollouts, status and operators, DORA. */
    private static List<String> builtCommands(List<String> classes) {
        return classes.stream().filter(c -> c.equals(RolloutDoraOptions.class.getName())
                || c.equals(ClusterOptions.class.getName()) || c.equals(DoraDatabaseOption.class.getName())).toList();
    }

    @Test
    void versionNeitherConfiguresLoggingNorBuildsTheCommands() throws Exception {
        List<String> classes = loadedBy("--version");
        assertThat(Files.readString(dir.resolve("out.txt"))).startsWith("cicd ");
        assertThat(logging(classes)).isEmpty();
        assertThat(builtCommands(classes)).isEmpty();
    }

    @Test
    void aSmallGateBuildsOnlyTheGateAndLogsNothing() throws Exception {
        Path report = dir.resolve("jacoco.xml");
        Files.writeString(report, "<report name=\"x\"><counter type=\"LINE\" missed=\"1\" covered=\"9\"/>"
                + "<counter type=\"BRANCH\" missed=\"1\" covered=\"9\"/></report>");
        List<String> classes = loadedBy("gate", "--report", "coverage=jacoco.xml");
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("Quality gate");
        assertThat(builtCommands(classes)).as("the options of other commands").isEmpty();
        assertThat(logging(classes)).isEmpty();
    }
}
