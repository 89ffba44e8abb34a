package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * canaryRollout(promotion: 'input'): at a pause with no duration the build page asks a person, and the person who
 * answers is the one who promoted or aborted, on the record and in the audit. The engine runs in virtual time
 * paced at ten times real time: the question is asked and answered by other processes while the rollout waits,
 * as on Jenkins, so virtual time must not race ahead of them.
 */
@InProcessKubernetes
class PromotionStepTest extends PipelineTestBase {
    /** How much faster than real time the rollout's time runs while people and processes act beside it. */
    private static final int PACE = 10;

    KubernetesClient client;
    VirtualTime time;

    @BeforeEach
    void cluster() throws Exception {
        SimulatedCluster cluster = SimulatedCluster.start(client, NOW, "shop", "shop:1", 4, "prod");
        time = cluster.time;
        useVirtualTime(time);
        credentials.put("prod-kubeconfig", cluster.kubeconfig(sandbox, "prod").toString());
    }

    @Override
    protected Sleeper sleeper() {
        return d -> {
            Thread.sleep(Math.max(1, d.toMillis() / PACE));
            time.sleep(d);
        };
    }

    private static final String ROLLOUT = """
            return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'registry.example/shop:1.5.0',
                    steps: [[setWeight: 25], [pause: null]], promotion: 'input', auditLog: 'audit.jsonl',
                    kubeconfigCredentialsId: 'prod-kubeconfig')
            """;

    @Test
    void aPersonPromotesFromTheBuildPageAndIsTheActorOnTheRecordAndInTheAudit() throws Exception {
        inputAnswers = request -> InputRequest.Answer.proceed("alice", Map.of("action", "Promote",
                "reason", "dashboards look good"));
        Map<?, ?> result = (Map<?, ?>) runPipeline(ROLLOUT);
        assertThat(result.get("phase")).isEqualTo("Succeeded");
        assertThat(inputs).singleElement().satisfies(question -> {
            assertThat(question.message()).isEqualTo("Promote shop 1.5.0 at 25 %?");
            assertThat(question.parameters()).extracting(p -> p.get("name")).containsExactly("action", "reason");
            assertThat(question.parameters().get(0).get("choices")).isEqualTo(List.of("Promote", "Abort"));
        });
        List<String> audit = Files.readAllLines(workspaceFile("audit.jsonl"));
        assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"actor\":\"alice\"")
                .contains("promote").contains("dashboards look good"));
        assertThat(new RolloutRecordStore(client).read("prod", "shop").orElseThrow().ack())
                .satisfies(ack -> assertThat(ack.outcome()).isEqualTo("applied"));
    }

    @Test
    void aPersonAbortsFromTheBuildPageAndTheBuildFailsNamingThem() {
        inputAnswers = request -> InputRequest.Answer.proceed("bob", Map.of("action", "Abort",
                "reason", "checkout errors in the canary"));
        assertThatThrownBy(() -> runPipeline(ROLLOUT))
                .isInstanceOf(PipelineError.class)
                .hasMessageStartingWith("canaryRollout: prod/shop RolledBack: abort by bob: checkout errors in the canary");
        assertThat(new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status().transitions())
                .anySatisfy(t -> assertThat(t.actor()).isEqualTo("bob"));
    }

    @Test
    void aRolloutThatEndsWhileThePersonIsAskedWithdrawsTheQuestion() {
        // While the build page asks, an operator aborts from a terminal; nobody ever answers the question.
        inputAnswers = request -> {
            new RolloutRecordStore(client).writeCommand("prod", "shop", new RolloutCommand("c1", CommandAction.ABORT,
                    "carol", "paged: checkout down", time.now(), "tui"));
            return InputRequest.Answer.never();
        };
        assertThatThrownBy(() -> runPipeline(ROLLOUT))
                .hasMessageStartingWith("canaryRollout: prod/shop RolledBack: abort by carol: paged: checkout down");
        assertThat(log).contains("canaryRollout: prod/shop ended; withdrawing the promotion question");
        assertThat(inputs).hasSize(1);
    }
}
