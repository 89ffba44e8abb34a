package io.cicdmanager.tui.ssh;

import io.cicdmanager.tui.model.Actor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a key in when the users file lists it under the name the client logs in as, and records who it is on the
 * session. A client offers its keys one after another (an ssh-agent may hold several) before it signs with one, so
 * refused keys are not failures by themselves: a session that ends without logging in, whatever keys it tried and
 * whether or not a signature failed, counts once towards its address's rate limit ({@link #sessionEnded}). A
 * locked-out address is refused before its key is even looked at.
 */
final class KeyAuthenticator implements PublickeyAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);
    /** Set on a session once it has offered a key while its address was not locked out. */
    static final AttributeKey<Boolean> TRIED = new AttributeKey<>();

    /** Told of every refusal, to audit it. */
    interface Refusals {
        void refused(String username, String fingerprint, String address, String why);
    }

    private final Supplier<SshUsers> users;
    private final FailedAuthLimiter limiter;
    private final Refusals refusals;

    KeyAuthenticator(Supplier<SshUsers> users, FailedAuthLimiter limiter, Refusals refusals) {
        this.users = users;
        this.limiter = limiter;
        this.refusals = refusals;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String address = address(session.getClientAddress());
        if (limiter.locked(address)) {
            LOG.warn("refused {} from {}: too many failed attempts from this address", username, address);
            return false;
        }
        session.setAttribute(TRIED, Boolean.TRUE);
        String fingerprint = KeyUtils.getFingerPrint(key);
        Optional<SshUser> user = users.get().byFingerprint(fingerprint);
        if (user.isEmpty() || !user.get().name().equals(username)) {
            String why = user.isEmpty() ? "unknown key" : "the key belongs to '" + user.get().name() + "'";
            LOG.warn("refused key {} for '{}' from {}: {}", fingerprint, username, address, why);
            refusals.refused(username, fingerprint, address, why);
            return false;
        }
        session.setAttribute(SessionIdentity.KEY,
                new SessionIdentity(new Actor(username, fingerprint), user.get().role(), address));
        return true;
    }

    /**
     * Counts a session that tried to log in and ended without succeeding (refused keys, a bad signature, or gave
     * up) as one failure of its address; returns the address when that failure locked it out.
     */
    Optional<String> sessionEnded(Session session) {
        if (!(session instanceof ServerSession server) || !Boolean.TRUE.equals(session.removeAttribute(TRIED))
                || session.isAuthenticated()) {
            return Optional.empty();
        }
        String address = address(server.getClientAddress());
        return limiter.failed(address) ? Optional.of(address) : Optional.empty();
    }

    static String address(SocketAddress socket) {
        if (socket instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(socket);
    }
}
