package io.cicdmanager.tui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.cli.CliContext;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.TestKubeconfig;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.Role;
import io.cicdmanager.tui.screen.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@InProcessKubernetes
class SessionCommandsTest {
    static KubernetesClient client;

    private static final Access ALICE = new Access(new Actor("alice", "SHA256:abc"), Role.OPERATOR, false);
    private static final Access BOB = new Access(new Actor("bob", "SHA256:def"), Role.VIEWER, false);

    @TempDir
    Path dir;

    private SessionCommands commands(CommandPolicy policy) {
        return commands(policy, Map.of("KUBECONFIG", "k"));
    }

    private SessionCommands commands(CommandPolicy policy, Map<String, String> env) {
        CliContext context = new CliContext(dir, env, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), d -> { });
        return new SessionCommands(context, List.of(), policy);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(SessionCommands commands, Access access, String... words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commands.run(List.of(words), access, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anOperatorsCommandRunsAsTheSessionsPersonIntoTheServersAuditLog() throws Exception {
        new RolloutRecordStore(client).start("name: checkout\n", RolloutStatus.pending("checkout", "prod", "canary",
                "istio", "registry.example/checkout:2", "registry.example/checkout:1", 2, Fixtures.NOW, "jenkins"));
        Path kubeconfig = TestKubeconfig.write(client, dir, "prod");
        SessionCommands ssh = commands(CommandPolicy.ssh(), Map.of("KUBECONFIG", kubeconfig.toString(),
                "CICD_AUDIT_LOG", "audit.jsonl"));

        Run r = run(ssh, ALICE, "abort", "checkout", "--reason", "pager", "--wait", "0s");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("abort written to rollout prod/checkout by alice (SHA256:abc)");
        RolloutCommand written = new RolloutRecordStore(client).read("prod", "checkout").orElseThrow().command();
        assertThat(written.actor()).isEqualTo("alice (SHA256:abc)");
        assertThat(written.source()).isEqualTo("ssh");
        assertThat(written.reason()).isEqualTo("pager");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"actor\":\"alice (SHA256:abc)\"",
                "\"source\":\"ssh\"", "\"action\":\"abort\"", "\"outcome\":\"written\"");
    }

    @Test
    void rolloutsAreNamedNamespaceSlashNameAsCompletionOffersThem() throws Exception {
        new RolloutRecordStore(client).start("name: search\n", RolloutStatus.pending("search", "demo", "canary",
                "istio", "registry.example/search:2", "registry.example/search:1", 2, Fixtures.NOW, "jenkins"));
        Path kubeconfig = TestKubeconfig.write(client, dir, "default");
        SessionCommands ssh = commands(CommandPolicy.ssh(), Map.of("KUBECONFIG", kubeconfig.toString()));

        Run status = run(ssh, ALICE, "status", "demo/search");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("Name:       demo/search");
        Run pause = run(ssh, ALICE, "pause", "demo/search", "--wait", "0s");
        assertThat(pause.code()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("pause written to rollout demo/search by alice (SHA256:abc)");
        assertThat(new RolloutRecordStore(client).read("demo", "search").orElseThrow().command().actor())
                .isEqualTo("alice (SHA256:abc)");

        Run clash = run(ssh, ALICE, "abort", "demo/search", "-n", "prod", "--reason", "x");
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err()).contains("NAME 'demo/search' is in namespace demo but -n says prod");
        for (String bad : List.of("demo/", "/search", "")) {
            Run r = run(ssh, ALICE, "abort", bad, "--reason", "x");
            assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(bad).doesNotContain("internal error").doesNotContain("Exception");
        }
    }

    @Test
    void aViewerCannotActAndReadOnlyOperatorsCannotEither() {
        Run viewer = run(commands(CommandPolicy.ssh()), BOB, "abort", "prod/checkout", "--reason", "x");
        assertThat(viewer.code()).isEqualTo(2);
        assertThat(viewer.out()).isEmpty();
        assertThat(viewer.err()).contains("cicd abort: not allowed — read-only: bob is a viewer");
        Access readOnly = new Access(ALICE.actor(), Role.OPERATOR, true);
        Run local = run(commands(CommandPolicy.local()), readOnly, "abort", "prod/checkout", "--reason", "x");
        assertThat(local.code()).isEqualTo(2);
        assertThat(local.err()).contains("read-only: started with --readonly");
    }

    @Test
    void overSshOnlyTheRolloutCommandsExistAndNoActorFlagIsAccepted() {
        SessionCommands ssh = commands(CommandPolicy.ssh());
        assertThat(run(ssh, ALICE, "gate").err()).contains("cicd gate: not available over SSH; available: abort, "
                + "pause, promote, resume, rollback, status");
        assertThat(run(ssh, ALICE, "--verbose", "abort").err())
                .contains("options before the command are not accepted over SSH: --verbose");
        assertThat(run(ssh, ALICE, "abort", "x", "--reason", "y", "--actor=bob").err())
                .contains("--actor=bob is not accepted over SSH: commands act as alice (SHA256:abc)");
        assertThat(run(ssh, ALICE, "abort", "x", "--verbose").err()).contains("--verbose is not accepted over SSH");
        assertThat(run(ssh, ALICE, "abort", "x", "--kubeconfig=elsewhere.yaml").err())
                .contains("--kubeconfig=elsewhere.yaml is not accepted over SSH; the server's own configuration");
        assertThat(run(ssh, ALICE, "abort", "x", "--audit-log", "/etc/passwd").err())
                .contains("--audit-log is not accepted over SSH");
        assertThat(run(commands(CommandPolicy.local()), ALICE, "abort", "x", "--reason", "r",
                "--audit-log-nope").err()).as("locally nothing is refused").doesNotContain("not accepted");
        assertThat(ssh.describe(ALICE)).containsOnlyKeys("abort", "pause", "resume", "promote", "rollback", "status",
                "help", "whoami");
        assertThat(ssh.describe(BOB)).containsOnlyKeys("status", "help", "whoami");
        assertThat(ssh.tree(ALICE, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands()).containsOnlyKeys("abort", "pause", "resume", "promote", "rollback", "status");
    }

    @Test
    void locallyEveryCommandButTheInteractiveOnesRuns() {
        SessionCommands local = commands(CommandPolicy.local());
        Run help = run(local, ALICE, "help");
        assertThat(help.out()).contains("guard").doesNotContain("%%");
        assertThat(local.describe(ALICE).get("guard")).as("as guard --help says it").contains("%")
                .doesNotContain("%%");
        assertThat(run(local, ALICE, "gate", "--help").code()).isZero();
        assertThat(local.describe(ALICE)).containsKeys("abort", "gate", "help", "whoami");
        assertThat(CommandPolicy.local().refusal("tui", ALICE)).get().asString()
                .isEqualTo("cannot run in the shell; run it from a terminal of its own");
    }

    @Test
    void whoamiHelpAndEmptyLines() {
        SessionCommands ssh = commands(CommandPolicy.ssh());
        assertThat(run(ssh, BOB, "whoami").out().trim()).isEqualTo("bob (SHA256:def) viewer (read-only: bob is a "
                + "viewer)");
        Run help = run(ssh, ALICE, "--help");
        assertThat(help.out()).contains("Commands for alice (operator):", "abort", "Aborts a rollout", "whoami");
        assertThat(run(ssh, ALICE).code()).isZero();
        assertThat(run(ssh, ALICE, "--version").out()).startsWith("cicd ");
    }

    @Test
    void sessionOnlyCommandsCanBeRestrictedByRole() {
        SessionCommands ssh = commands(CommandPolicy.ssh()).with("reload-users", new SessionCommands.SessionCommand() {
            @Override
            public String description() {
                return "Reloads.";
            }

            @Override
            public boolean allowed(Access access) {
                return access.role().mayAdminister();
            }

            @Override
            public int run(List<String> args, Access access, PrintWriter out, PrintWriter err) {
                out.println("reloaded");
                return 0;
            }
        });
        Access carol = new Access(new Actor("carol", "SHA256:c"), Role.ADMIN, false);
        assertThat(run(ssh, carol, "reload-users").out().trim()).isEqualTo("reloaded");
        Run refused = run(ssh, ALICE, "reload-users");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("cicd reload-users: not allowed for alice (operator)");
        assertThat(ssh.describe(carol)).containsKey("reload-users");
        assertThat(ssh.describe(ALICE)).doesNotContainKey("reload-users");
        assertThat(ssh.policy().where()).isEqualTo("over SSH");
    }
}
