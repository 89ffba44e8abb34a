package io.cicdmanager.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts, injects and stops the servers of {@link InProcessKubernetes}. */
public final class InProcessKubernetesExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(InProcessKubernetesExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        inject(context, null, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        inject(context, context.getRequiredTestInstance(), false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    private static void inject(ExtensionContext context, Object instance, boolean statics)
            throws IllegalAccessException {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == KubernetesClient.class && Modifier.isStatic(field.getModifiers()) == statics) {
                    InProcessApiServer server = new InProcessApiServer();
                    context.getStore(NAMESPACE).put(field, server);
                    field.setAccessible(true);
                    field.set(instance, server.client());
                }
            }
        }
    }

    private static void stop(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                InProcessApiServer server = context.getStore(NAMESPACE).remove(field, InProcessApiServer.class);
                if (server != null) {
                    server.close();
                }
            }
        }
    }
}
