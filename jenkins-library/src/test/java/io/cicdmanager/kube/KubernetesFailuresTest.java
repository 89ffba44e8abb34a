package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KubernetesFailuresTest {

    static KubernetesClientException status(int code) {
        return new KubernetesClientException("HTTP " + code, code, null);
    }

    @Test
    void aWriteThatMeetsConflictsIsTriedAgainUntilItLands() {
        AtomicInteger calls = new AtomicInteger();
        String result = KubernetesFailures.retryOnConflict(null, () -> {
            if (calls.incrementAndGet() < 3) {
                throw status(KubernetesFailures.CONFLICT);
            }
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(3);
    }

    @Test
    void conflictsThatNeverEndAreThrownAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> KubernetesFailures.retryOnConflict(null, () -> {
            calls.incrementAndGet();
            throw status(KubernetesFailures.CONFLICT);
        })).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(KubernetesFailures.CONFLICT));
        assertThat(calls).hasValue(KubernetesFailures.CONFLICT_ATTEMPTS);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> KubernetesFailures.retryOnConflict(null, (Runnable) () -> {
            calls.incrementAndGet();
            throw status(403);
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(calls).hasValue(1);
    }
}
