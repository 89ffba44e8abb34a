package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.dora.EmbeddedPostgresServer;
import io.cicdmanager.json.ObjectMappers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class DoraCommandTest {
    @TempDir
    Path dir;

    /** Runs {@code cicd dora ARGS --db dora.db}. */
    private CliRun dora(String... args) {
        List<String> all = new ArrayList<>(List.of("dora"));
        all.addAll(List.of(args));
        all.add("--db");
        all.add("dora.db");
        return CliRun.run(dir, all.toArray(String[]::new));
    }

    private CliRun deploy(String id, String status, String finished, String... commitTimes) {
        List<String> args = new ArrayList<>(List.of("record", "deployment", "--id", id, "--service", "checkout",
                "--env", "prod", "--team", "payments", "--version", "2.4." + id, "--commit", "abc" + id,
                "--finished", finished, "--status", status, "--by", "alice"));
        for (String t : commitTimes) {
            args.add("--commit-time");
            args.add(t);
        }
        return dora(args.toArray(String[]::new));
    }

    private JsonNode reportJson(String... extra) {
        List<String> args = new ArrayList<>(List.of("report", "-o", "json"));
        args.addAll(List.of(extra));
        CliRun run = dora(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ObjectMappers.json().readTree(run.out());
    }

    @Test
    void recordedEventsGiveTheFourKeysInTheDocumentedJsonShape() {
        // the context clock is 2026-11-26T12:00Z; the default window is the 30 days before it
        assertThat(deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T08:00:00Z",
                "2026-11-20T06:00:00+00:00").exitCode()).isZero();
        assertThat(deploy("2", "failure", "2026-11-21T10:00:00+01:00", "2026-11-21T08:00:00Z").exitCode()).isZero();
        CliRun restore = dora("record", "restore", "--id", "r2", "--deployment", "2", "--at",
                "2026-11-21T09:30:00Z", "--kind", "rollback", "--by", "bob");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("recorded restore r2");
        CliRun incident = dora("record", "incident", "--id", "i1", "--service", "checkout", "--env", "prod",
                "--opened", "2026-11-20T12:00:00Z", "--resolved", "2026-11-20T13:00:00Z", "--cause", "1");
        assertThat(incident.exitCode()).as(incident.err()).isZero();

        JsonNode report = reportJson("--service", "checkout", "--env", "prod");
        assertThat(report.get("window").get("since").asString()).isEqualTo("2026-10-27T12:00:00Z");
        assertThat(report.get("window").get("until").asString()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(report.get("deployments").asLong()).isEqualTo(2);
        assertThat(report.get("deploymentFrequency").get("perDay").asDouble()).isEqualTo(0.033);
        assertThat(report.get("deploymentFrequency").get("tier").isNull()).isFalse();
        assertThat(report.get("leadTime").get("medianHours").asDouble()).isEqualTo(3.0);
        assertThat(report.get("leadTime").get("p90Hours").asDouble()).isEqualTo(3.8);
        assertThat(report.get("leadTime").get("tier").asString()).isEqualTo("elite");
        assertThat(report.get("changeFailureRate").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(report.get("changeFailureRate").get("tier").asString()).isEqualTo("low");
        // deployment 2 finished 09:00Z, restored 09:30Z; deployment 1 finished 10:00Z, its incident resolved 13:00Z
        assertThat(report.get("recoveryTime").get("medianHours").asDouble()).isEqualTo(1.75);
        assertThat(report.get("recoveryTime").get("tier").asString()).isEqualTo("high");
        assertThat(report.get("recoveryTime").get("restored").asLong()).isEqualTo(2);
    }

    @Test
    void noDataIsNullInJsonAndSaidInTheTable() {
        assertThat(deploy("1", "success", "2026-11-20T10:00:00Z").exitCode()).isZero();
        JsonNode report = reportJson("--service", "cart");
        assertThat(report.get("deployments").asLong()).isZero();
        for (String key : List.of("deploymentFrequency", "leadTime", "changeFailureRate", "recoveryTime")) {
            assertThat(report.get(key).get("tier").isNull()).as(key).isTrue();
        }
        assertThat(report.get("deploymentFrequency").get("perDay").isNull()).isTrue();
        assertThat(report.get("leadTime").get("medianHours").isNull()).isTrue();
        CliRun table = dora("report", "--service", "cart");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("deployment frequency").contains("no data").doesNotContain("elite")
                .doesNotContain("low");
    }

    @Test
    void oneReportRunPrintsTheTableAndWritesTheJsonForAProgram() throws Exception {
        deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T08:00:00Z");
        CliRun both = dora("report", "--service", "checkout", "--json", "out/keys.json");
        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.out()).contains("lead time for changes");
        JsonNode written = ObjectMappers.json().readTree(Files.readString(dir.resolve("out/keys.json")));
        assertThat(written).isEqualTo(reportJson("--service", "checkout"));
        assertThat(written.get("leadTime").get("medianHours").asDouble()).isEqualTo(2.0);
    }

    @Test
    void theTableAndCsvShowTheKeys() {
        deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T09:30:00Z");
        deploy("2", "failure", "2026-11-22T10:00:00Z", "2026-11-22T09:00:00Z");
        CliRun table = dora("report", "--team", "payments");
        assertThat(table.out()).contains("team payments").contains("30 min").contains("50 % (1 of 2 deployments)")
                .contains("no data (1 not restored yet)");
        CliRun csv = dora("report", "-o", "csv", "--per-service");
        String[] lines = csv.out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("service,environment,team,since,until,deployments,deployments_per_day");
        assertThat(lines[1]).startsWith("checkout,prod,payments,2026-10-27T12:00:00Z,2026-11-26T12:00:00Z,2,");
        JsonNode perService = ObjectMappers.json().readTree(dora("report", "-o", "json", "--per-service").out());
        assertThat(perService.isArray()).isTrue();
        assertThat(perService.get(0).get("selection").get("team").asString()).isEqualTo("payments");
        assertThat(dora("report", "--per-service", "--service", "other").out()).contains("no data");
        assertThat(ObjectMappers.json().readTree(dora("report", "-o", "json", "--per-service", "--service",
                "checkout", "--env", "prod", "--team", "payments").out())).hasSize(1);
        assertThat(ObjectMappers.json().readTree(dora("report", "-o", "json", "--per-service", "--env",
                "staging").out())).isEmpty();
        assertThat(ObjectMappers.json().readTree(dora("report", "-o", "json", "--per-service", "--team",
                "growth").out())).isEmpty();
    }

    @Test
    void anExplicitWindowIsUsed() {
        deploy("1", "success", "2026-01-10T10:00:00Z", "2026-01-10T09:00:00Z");
        assertThat(reportJson().get("deployments").asLong()).isZero();
        JsonNode january = reportJson("--since", "2026-01-01T00:00:00Z", "--until", "2026-02-01T00:00:00Z");
        assertThat(january.get("deployments").asLong()).isEqualTo(1);
        assertThat(january.get("window").get("days").asDouble()).isEqualTo(31.0);
    }

    @Test
    void aBadTimeIsBadUsageNamingTheOption() {
        CliRun run = deploy("1", "success", "2026-11-20 10:00");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--finished").contains("ISO-8601");
        CliRun local = deploy("1", "success", "2026-11-20T10:00:00");
        assertThat(local.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(local.err()).contains("--finished").contains("offset");
        CliRun commit = deploy("1", "success", "2026-11-20T10:00:00Z", "yesterday");
        assertThat(commit.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(commit.err()).contains("--commit-time");
        CliRun since = dora("report", "--since", "last week");
        assertThat(since.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(since.err()).contains("--since");
        assertThat(Files.exists(dir.resolve("dora.db"))).isFalse();
    }

    @Test
    void badValuesAreBadUsage() {
        CliRun status = deploy("1", "ok", "2026-11-20T10:00:00Z");
        assertThat(status.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(status.err()).contains("--status").contains("success, failure");
        CliRun order = dora("record", "deployment", "--id", "1", "--service", "s", "--env", "e", "--version", "1",
                "--commit", "c", "--started", "2026-11-20T11:00:00Z", "--finished", "2026-11-20T10:00:00Z",
                "--status", "SUCCESS");
        assertThat(order.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(order.err()).contains("invalid deployment: started").contains("after finished");
        CliRun kind = dora("record", "restore", "--id", "r", "--deployment", "1", "--at", "2026-11-20T10:00:00Z",
                "--kind", "magic");
        assertThat(kind.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(kind.err()).contains("rollback, fix");
        CliRun window = dora("report", "--since", "2026-11-20T10:00:00Z", "--until", "2026-11-20T10:00:00Z");
        assertThat(window.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(window.err()).contains("--since").contains("--until");
        CliRun resolved = dora("record", "incident", "--id", "i", "--service", "s", "--env", "e",
                "--opened", "2026-11-20T10:00:00Z", "--resolved", "2026-11-20T09:00:00Z");
        assertThat(resolved.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(resolved.err()).contains("resolved").contains("before opened");
    }

    @Test
    void recordingTwiceChangesNothingAndOtherContentIsAConflict() {
        assertThat(deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T09:00:00Z").out())
                .contains("recorded deployment 1 (checkout to prod, success, 1 changes)");
        CliRun again = deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T09:00:00Z");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already recorded; nothing changed");
        CliRun conflict = deploy("1", "failure", "2026-11-20T10:00:00Z", "2026-11-20T09:00:00Z");
        assertThat(conflict.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(conflict.err()).contains("not recorded").contains("status: recorded success, delivered failure");
        assertThat(reportJson().get("changeFailureRate").get("percent").asDouble()).isZero();

        dora("record", "incident", "--id", "i", "--service", "checkout", "--env", "prod", "--opened",
                "2026-11-20T11:00:00Z");
        CliRun resolved = dora("record", "incident", "--id", "i", "--service", "checkout", "--env", "prod",
                "--opened", "2026-11-20T11:00:00Z", "--resolved", "2026-11-20T12:00:00Z", "--cause", "1");
        assertThat(resolved.out()).contains("updated incident i");
    }

    @Test
    void aDeploymentFinishesNowUnlessToldOtherwise() {
        CliRun run = dora("record", "deployment", "--id", "1", "--service", "checkout", "--env", "prod", "--version",
                "1", "--commit", "c", "--status", "success");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode last = ObjectMappers.json().readTree(
                dora("last-deployment", "--service", "checkout", "--env", "prod", "-o", "json").out()).get("deployment");
        assertThat(last.get("finished").asString()).isEqualTo(CliRun.NOW.toString());
    }

    @Test
    void recordingTheSameDeploymentLaterWithoutFinishedChangesNothing() {
        String[] args = {"dora", "record", "deployment", "--id", "1", "--service", "checkout", "--env", "prod",
            "--version", "1", "--commit", "c", "--status", "success", "--commit-time", "2026-11-26T10:00:00Z",
            "--db", "dora.db"};
        CliRun first = CliRun.runAt(dir, java.time.Clock.fixed(CliRun.NOW, java.time.ZoneOffset.UTC), args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        java.time.Clock later = java.time.Clock.fixed(CliRun.NOW.plusSeconds(90), java.time.ZoneOffset.UTC);
        CliRun retry = CliRun.runAt(dir, later, args);
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("deployment 1 was already recorded; nothing changed");
        JsonNode last = ObjectMappers.json().readTree(
                dora("last-deployment", "--service", "checkout", "--env", "prod", "-o", "json").out()).get("deployment");
        assertThat(last.get("finished").asString()).isEqualTo(CliRun.NOW.toString());

        // other content is still a conflict, with or without --finished
        String[] failure = args.clone();
        failure[14] = "failure";
        CliRun conflict = CliRun.runAt(dir, later, failure);
        assertThat(conflict.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(conflict.err()).contains("status: recorded success, delivered failure").doesNotContain("finished");
        List<String> explicit = new ArrayList<>(List.of(args));
        explicit.addAll(List.of("--finished", "2026-11-26T12:30:00Z"));
        CliRun otherFinish = CliRun.run(dir, explicit.toArray(String[]::new));
        assertThat(otherFinish.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(otherFinish.err()).contains("finished: recorded 2026-11-26T12:00:00Z");
    }

    @Test
    void tenThousandCommitTimesComeFromAFile() throws Exception {
        StringBuilder times = new StringBuilder();
        java.time.Instant first = java.time.Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            // every minute from Nov 1 on, one line in ten with another offset, and a blank line now and then
            java.time.Instant t = first.plusSeconds(60L * i);
            times.append(i % 10 == 0 ? t.atOffset(java.time.ZoneOffset.ofHours(2)).toString() : t.toString())
                    .append(i % 1000 == 0 ? "\n\n" : "\n");
        }
        Files.createDirectories(dir.resolve(".cicd"));
        Files.writeString(dir.resolve(".cicd/times.txt"), times);
        CliRun run = dora("record", "deployment", "--id", "big", "--service", "checkout", "--env", "prod",
                "--version", "1", "--commit", "c", "--status", "success", "--finished", "2026-11-26T00:00:00Z",
                "--commit-times-file", ".cicd/times.txt", "--commit-time", "2026-11-25T23:00:00Z");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("recorded deployment big (checkout to prod, success, 10001 changes)");
        JsonNode report = reportJson();
        assertThat(report.get("leadTime").get("changes").asLong()).isEqualTo(10_001);
        // a retry with the same file changes nothing
        CliRun again = dora("record", "deployment", "--id", "big", "--service", "checkout", "--env", "prod",
                "--version", "1", "--commit", "c", "--status", "success", "--finished", "2026-11-26T00:00:00Z",
                "--commit-time", "2026-11-25T23:00:00Z", "--commit-times-file", ".cicd/times.txt");
        assertThat(again.out()).contains("already recorded; nothing changed");
    }

    @Test
    void aBadCommitTimesFileIsBadUsageNamingTheOptionAndTheLine() throws Exception {
        Files.writeString(dir.resolve("times.txt"), "2026-11-20T09:00:00Z\n\n2026-11-20 10:00\n");
        String[] deploy = {"record", "deployment", "--id", "1", "--service", "checkout", "--env", "prod",
            "--version", "1", "--commit", "c", "--status", "success", "--commit-times-file", "times.txt"};
        CliRun bad = dora(deploy);
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--commit-times-file times.txt, line 3: '2026-11-20 10:00' is not an ISO-8601 "
                + "time with an offset").doesNotContain("Exception").doesNotContain("\tat ");
        deploy[deploy.length - 1] = "missing.txt";
        CliRun missing = dora(deploy);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--commit-times-file missing.txt: no such file");
        assertThat(dora("last-deployment", "--service", "checkout", "--env", "prod", "-o", "json").out())
                .contains("\"deployment\" : null");
    }

    @Test
    void theLastDeploymentIsPrintedForTheStep() {
        assertThat(dora("record", "restore", "--id", "r", "--deployment", "d", "--at", "2026-11-20T10:00:00Z")
                .exitCode()).isZero();
        CliRun none = dora("last-deployment", "--service", "checkout", "--env", "prod", "-o", "json");
        assertThat(none.exitCode()).isZero();
        assertThat(ObjectMappers.json().readTree(none.out()).get("deployment").isNull()).isTrue();
        assertThat(dora("last-deployment", "--service", "checkout", "--env", "prod").out())
                .contains("no deployment of checkout to prod");
        deploy("1", "success", "2026-11-20T10:00:00Z");
        deploy("2", "failure", "2026-11-21T10:00:00Z");
        JsonNode last = ObjectMappers.json().readTree(
                dora("last-deployment", "--service", "checkout", "--env", "prod", "-o", "json").out()).get("deployment");
        assertThat(last.get("id").asString()).isEqualTo("1");
        assertThat(last.get("commit").asString()).isEqualTo("abc1");
        assertThat(dora("last-deployment", "--service", "checkout", "--env", "prod", "--any-status").out())
                .startsWith("2 abc2 2026-11-21T10:00:00Z failure");
    }

    @Test
    void aCommitAfterTheFinishIsRefusedLikeAStartAfterTheFinish() {
        CliRun run = deploy("1", "success", "2026-11-20T10:00:00Z", "2026-11-20T08:00:00Z", "2026-11-20T11:00:00Z");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cicd dora record deployment: invalid deployment: a commit time "
                + "(2026-11-20T11:00:00Z) is after finished (2026-11-20T10:00:00Z): a change ships after it is "
                + "committed\n");
        CliRun started = dora("record", "deployment", "--id", "2", "--service", "checkout", "--env", "prod",
                "--version", "1", "--commit", "abc", "--started", "2026-11-20T11:00:00Z", "--finished",
                "2026-11-20T10:00:00Z", "--status", "success");
        assertThat(started.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("dora.db")).as("refused before the store is touched").doesNotExist();
    }

    @Test
    void readingCommandsNeverCreateAStoreAndNameThePathThatIsNotThere() throws Exception {
        for (String db : List.of("typo.db", "no/such/dir/x.db")) {
            for (List<String> command : List.of(List.of("report"), List.of("report", "-o", "json"),
                    List.of("push", "--gateway", "http://127.0.0.1:9"),
                    List.of("serve", "--port", "0"))) {
                List<String> args = new ArrayList<>(List.of("dora"));
                args.addAll(command);
                args.addAll(List.of("--db", db));
                CliRun run = CliRun.run(dir, args.toArray(String[]::new));
                assertThat(run.exitCode()).as(args + ": " + run.err()).isEqualTo(2);
                assertThat(run.err()).as(args.toString()).startsWith("cicd dora " + command.get(0) + ": ")
                        .contains("no DORA store at " + dir.resolve(db) + ": no such file");
                assertThat(run.out()).as(args.toString()).isEmpty();
            }
        }
        // The step that records a deployment first asks for the last one: before any, the answer is none.
        CliRun last = CliRun.run(dir, "dora", "last-deployment", "--service", "checkout", "--env", "prod", "-o",
                "json", "--db", "typo.db");
        assertThat(last.exitCode()).isZero();
        assertThat(last.out()).contains("\"deployment\" : null");
        assertThat(last.err()).startsWith("cicd dora last-deployment: warning: no DORA store at " + dir.resolve("typo.db"));
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("nothing created").isEmpty();
        }
        // An empty file is no store either: reading it leaves it as it was.
        Path empty = Files.createFile(dir.resolve("empty.db"));
        CliRun onEmpty = CliRun.run(dir, "dora", "report", "--db", "empty.db");
        assertThat(Files.size(empty)).isZero();
        assertThat(onEmpty.exitCode()).isEqualTo(2);
        assertThat(onEmpty.err()).contains("no DORA store at " + empty + ": nothing has been recorded there");
        // Recording creates it, directories and all; then reading works.
        assertThat(CliRun.run(dir, "dora", "record", "restore", "--id", "r", "--deployment", "d", "--at",
                "2026-11-20T10:00:00Z", "--db", "no/such/dir/x.db").exitCode()).isZero();
        assertThat(CliRun.run(dir, "dora", "report", "--db", "no/such/dir/x.db").exitCode()).isZero();
    }

    @Test
    void theStoreDefaultsToTheEnvironmentThenTheHomeDirectory() {
        Path home = dir.resolve("home");
        String[] args = {"dora", "record", "restore", "--id", "r", "--deployment", "d", "--at", "2026-11-20T10:00:00Z"};
        assertThat(CliRun.run(dir, Map.of("HOME", home.toString()), args).exitCode()).isZero();
        assertThat(home.resolve(".cicd/dora.db")).isRegularFile();
        assertThat(CliRun.run(dir, Map.of("HOME", home.toString(), "CICD_DORA_DB", "from-env.db"), args).exitCode())
                .isZero();
        assertThat(dir.resolve("from-env.db")).isRegularFile();
        assertThat(CliRun.run(dir, Map.of("HOME", home.toString()), "dora", "record", "restore", "--id", "r",
                "--deployment", "d", "--at", "2026-11-20T10:00:00Z", "--db", "jdbc:sqlite:sub/url.db").exitCode())
                .isZero();
        assertThat(dir.resolve("sub/url.db")).isRegularFile();
    }

    @Test
    void anUnsupportedDatabaseIsBadUsageWithoutEchoingTheUrl() {
        CliRun run = CliRun.run(dir, "dora", "report", "--db", "jdbc:mysql://db/dora?password=hunter2");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("jdbc:mysql is not supported").doesNotContain("hunter2");
        CliRun fromEnv = CliRun.run(dir, Map.of("CICD_DORA_DB", "jdbc:oracle:thin:@x"), "dora", "report");
        assertThat(fromEnv.err()).contains("$CICD_DORA_DB");
    }

    @Test
    void postgresqlCredentialsComeFromTheEnvironment() {
        String url = EmbeddedPostgresServer.newDatabase();
        Map<String, String> env = Map.of("CICD_DORA_DB_USER", EmbeddedPostgresServer.USER,
                "CICD_DORA_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        CliRun record = CliRun.run(dir, env, "dora", "record", "deployment", "--id", "1", "--service", "checkout",
                "--env", "prod", "--version", "1", "--commit", "c", "--commit-time", "2026-11-20T09:00:00Z",
                "--finished", "2026-11-20T10:00:00Z", "--status", "success", "--db", url);
        assertThat(record.exitCode()).as(record.err()).isZero();
        CliRun report = CliRun.run(dir, Map.of("CICD_DORA_DB", url, "PGUSER", EmbeddedPostgresServer.USER,
                "PGPASSWORD", EmbeddedPostgresServer.PASSWORD), "dora", "report", "-o", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(ObjectMappers.json().readTree(report.out()).get("leadTime").get("medianHours").asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void anUnreachableDatabaseIsExitFourNamingTheHostNeverThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("CICD_DORA_DB_USER", "dora", "CICD_DORA_DB_PASSWORD", "pw-kept-secret");
        CliRun run = CliRun.run(dir, env, "dora", "report", "--db", "jdbc:postgresql://127.0.0.1:" + port + "/dora");
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("127.0.0.1:" + port + "/dora").doesNotContain("pw-kept-secret");

        CliRun wrong = CliRun.run(dir, Map.of("CICD_DORA_DB_USER", EmbeddedPostgresServer.USER,
                "CICD_DORA_DB_PASSWORD", "not-the-password"), "dora", "report", "--db",
                EmbeddedPostgresServer.newDatabase());
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(wrong.err()).contains("password authentication failed").doesNotContain("not-the-password");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"deployment,--help", "deployment,-h", "restore,--help",
        "restore,-h", "incident,--help", "incident,-h"})
    void everyRecordCommandPrintsItsHelp(String event, String option) {
        CliRun help = CliRun.run(dir, "dora", "record", event, option);
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).contains("Usage: cicd dora record " + event).contains("--id").contains("--db");
    }

    @Test
    void theDeploymentsVersionIsAnOptionNotTheProgramsVersion() {
        CliRun help = CliRun.run(dir, "dora", "record", "deployment", "--help");
        assertThat(help.out()).contains("--version=<version>").doesNotContain("-V,");
        CliRun run = dora("record", "deployment", "--id", "v", "--service", "checkout", "--env", "prod",
                "--version", "9.9.9", "--commit", "c", "--status", "success");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ObjectMappers.json().readTree(dora("last-deployment", "--service", "checkout", "--env", "prod",
                "-o", "json").out()).get("deployment").get("version").asString()).isEqualTo("9.9.9");
    }

    @Test
    void subcommandsAreRequired() {
        assertThat(CliRun.run(dir, "dora").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun record = CliRun.run(dir, "dora", "record");
        assertThat(record.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(record.err()).contains("deployment, restore or incident");
        assertThat(CliRun.run(dir, "dora", "--help").out()).contains("record").contains("report").contains("serve")
                .contains("push").contains("last-deployment");
    }
}
