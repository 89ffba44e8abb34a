package io.cicdmanager.kube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the API server that {@code cicd simulate} and the demo use ({@link InProcessApiServer}): each
 * {@code KubernetesClient} field gets a client of its own server, a fresh one per test for an instance field and one
 * for the whole class for a static field. Unlike Fabric8's {@code @EnableKubernetesMockClient}, ending a watch never
 * stalls the server (see {@link InProcessApiServer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InProcessKubernetesExtension.class)
public @interface InProcessKubernetes {
}
