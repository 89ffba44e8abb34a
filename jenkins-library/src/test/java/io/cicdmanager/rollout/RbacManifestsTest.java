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
}
