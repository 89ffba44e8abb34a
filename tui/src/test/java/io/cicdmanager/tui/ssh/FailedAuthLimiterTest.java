package io.cicdmanager.tui.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.tui.screen.Fixtures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.server.session.ServerSession;
import org.mockito.Mockito;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {
    private final MutableClock clock = new MutableClock(Fixtures.NOW);
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(clock, 3, Duration.ofMinutes(1),
            Duration.ofMinutes(5));

    @Test
    void locksAnAddressOutAfterTooManyFailuresInTheWindowThenLetsItBackIn() {
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.locked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).isTrue();
        assertThat(limiter.locked("10.0.0.1")).isTrue();
        assertThat(limiter.locked("10.0.0.2")).as("other addresses are not affected").isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.locked("10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(limiter.locked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).as("the count started again").isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.failed("10.0.0.1")).isFalse();
        assertThat(limiter.locked("10.0.0.1")).isFalse();
    }

    @Test
    void addressesWhoseFailuresAreOverAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            limiter.failed("10.0." + i / 250 + "." + i % 250);
        }
        assertThat(limiter.remembered()).isEqualTo(1000);
        limiter.failed("10.9.9.9");
        limiter.failed("10.9.9.9");
        limiter.failed("10.9.9.9");
        clock.advance(Duration.ofSeconds(61));
        limiter.failed("10.1.1.1");
        assertThat(limiter.remembered()).as("the one new failure and the lockout still running").isEqualTo(2);
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.remembered()).isZero();
    }

    @Test
    void aSessionCountsOnceHoweverManyKeysItTriesAndNotAtAllWhenItLogsIn() throws Exception {
        SshUsers users = SshUsers.read(writeUsers(), "users.yaml");
        KeyAuthenticator keys = new KeyAuthenticator(() -> users, limiter, (user, fingerprint, address, why) -> { });
        java.security.KeyPairGenerator generator = ecdsa();

        ServerSession agentWithManyKeys = session();
        for (int i = 0; i < 5; i++) {
            assertThat(keys.authenticate("alice", generator.generateKeyPair().getPublic(), agentWithManyKeys)).isFalse();
        }
        Mockito.when(agentWithManyKeys.isAuthenticated()).thenReturn(true);
        assertThat(keys.sessionEnded(agentWithManyKeys)).isEmpty();
        assertThat(limiter.remembered()).as("it logged in with its last key").isZero();

        for (int attempt = 1; attempt <= 3; attempt++) {
            ServerSession refused = session();
            for (int i = 0; i < 5; i++) {
                keys.authenticate("alice", generator.generateKeyPair().getPublic(), refused);
            }
            assertThat(keys.sessionEnded(refused).isPresent()).as("attempt " + attempt).isEqualTo(attempt == 3);
        }
        assertThat(limiter.locked("10.0.0.7")).isTrue();
    }

    @Test
    void aKnownKeyWhoseSignatureFailsCounts() throws Exception {
        SshUsers users = SshUsers.read(writeUsers(), "users.yaml");
        KeyAuthenticator keys = new KeyAuthenticator(() -> users, limiter, (user, fingerprint, address, why) -> { });
        ServerSession badSignature = session();
        assertThat(keys.authenticate("alice", alice.getPublic(), badSignature)).as("the key is known").isTrue();
        // ... and the signature that follows does not verify, so the session never logs in.
        assertThat(keys.sessionEnded(badSignature)).isEmpty();
        assertThat(limiter.remembered()).isEqualTo(1);
        ServerSession neverTried = session();
        assertThat(keys.sessionEnded(neverTried)).isEmpty();
        assertThat(limiter.remembered()).as("a session that offered no key is not a failed login").isEqualTo(1);
    }

    private java.security.KeyPair alice;

    private static java.security.KeyPairGenerator ecdsa() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator;
    }

    private java.nio.file.Path writeUsers() throws Exception {
        alice = ecdsa().generateKeyPair();
        String line = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(alice.getPublic());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("users", ".yaml");
        file.toFile().deleteOnExit();
        java.nio.file.Files.writeString(file, "users:\n  - {name: alice, role: operator, keys: [\"" + line
                + " alice@laptop\"]}\n");
        return file;
    }

    /** A session from 10.0.0.7 that keeps its attributes. */
    private static ServerSession session() {
        ServerSession session = Mockito.mock(ServerSession.class);
        Map<Object, Object> attributes = new ConcurrentHashMap<>();
        Mockito.when(session.getClientAddress()).thenReturn(new InetSocketAddress("10.0.0.7", 40_000));
        Mockito.when(session.setAttribute(Mockito.any(), Mockito.any())).thenAnswer(i ->
                attributes.put(i.getArgument(0), i.getArgument(1)));
        Mockito.when(session.getAttribute(Mockito.any())).thenAnswer(i -> attributes.get(i.getArgument(0)));
        Mockito.when(session.removeAttribute(Mockito.any())).thenAnswer(i -> attributes.remove(i.getArgument(0)));
        return session;
    }
}
