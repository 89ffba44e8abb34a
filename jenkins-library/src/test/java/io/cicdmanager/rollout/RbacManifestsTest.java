package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacManifestsTest {
    static List<HasMetadata> load(String name) throws Exception {
        try (InputStream in = RbacManifestsTest.class.getResourceAsStream("/io/cicdmanager/rbac/" + name)) {
            assertThat(in).as(name + " is on the classpath").isNotNull();
            List<HasMetadata> items = Serialization.unmarshal(in);
            return items;
        }
    }

    static boolean allows(Role role, String group, String resource, String verb) {
        for (PolicyRule rule : role.getRules()) {
            if (rule.getApiGroups().contains(group) && rule.getResources().contains(resource)
                    && rule.getVerbs().contains(verb)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theEngineGetsANamespacedRoleWithWhatItUsesAndNoWildcards() throws Exception {
        List<HasMetadata> items = load("rollout-engine.yaml");
        assertThat(items).extracting(HasMetadata::getKind).containsExactly("ServiceAccount", "Role", "RoleBinding");
        Role role = (Role) items.get(1);
        assertThat(role.getRules()).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind");
            assertThat(r.getResources()).doesNotContain("*", "secrets");
            if (r.getVerbs().contains("delete")) {
                // only what the routers create and remove again: the canary Service and the canary Ingress
                assertThat(r.getResources()).isSubsetOf("services", "ingresses");
            }
        });
        assertThat(allows(role, "", "services", "delete")).isTrue();
        assertThat(allows(role, "networking.k8s.io", "ingresses", "delete")).isTrue();
        assertThat(allows(role, "apps", "deployments", "delete")).isFalse();
        assertThat(allows(role, "", "configmaps", "delete")).isFalse();
        assertThat(allows(role, "", "configmaps", "update")).isTrue();
        assertThat(allows(role, "", "configmaps", "watch")).isTrue();
        assertThat(allows(role, "", "events", "create")).isTrue();
        assertThat(allows(role, "apps", "deployments", "create")).isTrue();
        assertThat(allows(role, "apps", "deployments/scale", "update")).isTrue();
        assertThat(allows(role, "apps", "replicasets", "list")).isTrue();
        assertThat(allows(role, "", "pods", "list")).isTrue();
        assertThat(allows(role, "", "services", "patch")).isTrue();
        assertThat(allows(role, "networking.istio.io", "virtualservices", "patch")).isTrue();
        assertThat(allows(role, "gateway.networking.k8s.io", "httproutes", "patch")).isTrue();
        assertThat(allows(role, "networking.k8s.io", "ingresses", "create")).isTrue();
        assertThat(items).allSatisfy(i -> assertThat(i.getMetadata().getNamespace()).isEqualTo("NAMESPACE"));
    }

    @Test
    void operatorsMayReadAndWriteCommandsButNotChangeWorkloads() throws Exception {
        List<HasMetadata> items = load("rollout-operator.yaml");
        Role role = (Role) items.get(0);
        assertThat(allows(role, "", "configmaps", "update")).isTrue();
        assertThat(allows(role, "apps", "deployments", "update")).isFalse();
        assertThat(allows(role, "apps", "deployments", "watch")).isTrue();
        assertThat(items).extracting(HasMetadata::getKind).containsExactly("Role", "RoleBinding");
    }

    static List<HasMetadata> guardian(String name) throws Exception {
        try (InputStream in = RbacManifestsTest.class.getResourceAsStream("/io/cicdmanager/guardian/" + name)) {
            assertThat(in).as(name + " is on the classpath").isNotNull();
            return Serialization.unmarshal(in);
        }
    }

    static boolean allows(List<PolicyRule> rules, String group, String resource, String verb) {
        return rules.stream().anyMatch(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                && r.getVerbs().contains(verb));
    }

    @Test
    void theGuardianRunsCicdGuardianWithWhatAnEngineNeedsInItsNamespaceOrEveryOne() throws Exception {
        List<HasMetadata> namespaced = guardian("guardian-namespace.yaml");
        assertThat(namespaced).extracting(HasMetadata::getKind).containsExactly("ServiceAccount", "Role",
                "RoleBinding", "Deployment");
        List<HasMetadata> cluster = guardian("guardian-cluster.yaml");
        assertThat(cluster).extracting(HasMetadata::getKind).containsExactly("ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Deployment");
        Role engine = (Role) load("rollout-engine.yaml").get(1);
        List<PolicyRule> roleRules = ((Role) namespaced.get(1)).getRules();
        List<PolicyRule> clusterRules = ((io.fabric8.kubernetes.api.model.rbac.ClusterRole) cluster.get(1)).getRules();
        for (List<PolicyRule> rules : List.of(roleRules, clusterRules)) {
            for (PolicyRule rule : engine.getRules()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (!(resource.equals("configmaps") && verb.equals("create"))) {
                            assertThat(allows(rules, rule.getApiGroups().get(0), resource, verb))
                                    .as("the guardian may " + verb + " " + resource + " as an engine does").isTrue();
                        }
                    }
                }
            }
            assertThat(rules).allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*", "escalate", "bind"));
        }
        for (List<HasMetadata> items : List.of(namespaced, cluster)) {
            var deployment = (io.fabric8.kubernetes.api.model.apps.Deployment) items.get(3);
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo("cicd-guardian");
            assertThat(pod.getContainers().get(0).getArgs()).contains("guardian");
            assertThat(pod.getInitContainers().get(0).getCommand().get(2)).contains("sha256sum -c");
        }
        var clusterArgs = ((io.fabric8.kubernetes.api.model.apps.Deployment) cluster.get(3)).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs();
        assertThat(clusterArgs).contains("--all-namespaces");
    }
}
