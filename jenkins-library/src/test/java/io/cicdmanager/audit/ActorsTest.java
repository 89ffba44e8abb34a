package io.cicdmanager.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorsTest {
    private static String actor(Map<String, String> env) {
        return Actors.current(env);
    }

    @Test
    void theSessionsActorComesFirstThenJenkinsThenTheOperatingSystemUser() {
        assertThat(actor(Map.of("CICD_ACTOR", "alice (SHA256:abc)", "BUILD_USER", "bob", "USER", "jenkins")))
                .isEqualTo("alice (SHA256:abc)");
        assertThat(actor(Map.of("BUILD_USER", "bob", "JOB_NAME", "shop/main", "USER", "jenkins"))).isEqualTo("bob");
        assertThat(actor(Map.of("BUILD_USER_ID", "bob42", "JOB_NAME", "shop/main"))).isEqualTo("bob42");
        assertThat(actor(Map.of("BUILD_USER_ID", "bob42", "BUILD_USER", "Bob Smith")))
                .as("the login, as recordDora records it, over the display name").isEqualTo("bob42");
        assertThat(actor(Map.of("JOB_NAME", "shop/main", "BUILD_NUMBER", "42", "USER", "jenkins")))
                .as("a Jenkins build without the Build User plugin names its job and build")
                .isEqualTo("jenkins shop/main #42");
        assertThat(actor(Map.of("USER", "carol"))).isEqualTo("carol");
        assertThat(actor(Map.of("USER", "", "USERNAME", "dave"))).isEqualTo("dave");
        assertThat(actor(Map.of())).as("never unknown where the JVM knows its user")
                .isEqualTo(System.getProperty("user.name"));
    }
}
