package io.cicdmanager.tui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.time.SystemSleeper;
import io.cicdmanager.tui.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A small run of {@code cicd bench ssh}: it measures, prints and writes its figures; the real figures are in docs. */
class BenchSshCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cicd(String... args) {
        CliContext context = new CliContext(dir, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                Clock.systemUTC(), new SystemSleeper());
        return Cicd.execute(context, Main.terminalCommands(), args);
    }

    @Test
    void measuresBothFiguresOverRealSshSessions() throws Exception {
        assertThat(cicd("bench", "ssh", "--aborts", "2", "--sessions", "3", "--rollouts", "12", "--changes", "2",
                "--json", "bench.json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("enter -> 100 % on stable: p50 ", "(target p99 <= 1000 ms)",
                "enter -> the engine's acknowledgement on the operator's screen", "3 sessions watching 12 rollouts",
                "change -> on every screen: p50 ", "over 6 screen updates (target p99 <= 200 ms)", "server CPU: ",
                "with 3 sessions");
        JsonNode json = ObjectMappers.json().readTree(Files.readString(dir.resolve("bench.json")));
        assertThat(json.get("keypressToStable").get("samples").asInt()).isEqualTo(2);
        assertThat(json.get("keypressToStable").get("p99Millis").asDouble()).isPositive();
        assertThat(json.get("fanOut").get("samples").asInt()).isEqualTo(6);
        assertThat(json.get("fanOut").get("sessions").asInt()).isEqualTo(3);
        assertThat(json.get("fanOut").get("p50Millis").asDouble()).isPositive();
    }

    @Test
    void onePartAloneAndBadCountsAreRefused() {
        assertThat(cicd("bench", "ssh", "--sessions", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--sessions must be at least 1");
        assertThat(cicd("bench", "ssh", "--only", "fanout", "--sessions", "1", "--rollouts", "3", "--changes", "1"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("change -> on every screen").doesNotContain("enter -> 100 %");
        assertThat(FanOutBench.isServer("sshd-SshServer[1]-nio2-thread-1")).isTrue();
        assertThat(FanOutBench.isServer("sshd-SshClient[2]-nio2-thread-1")).isFalse();
        assertThat(FanOutBench.isServer("vert.x-eventloop-thread-0")).isFalse();
    }
}
