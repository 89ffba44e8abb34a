package io.cicdmanager.tui.ssh;

import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.cli.ExitCode;
import io.cicdmanager.tui.TerminalBackend;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.shell.CommandPolicy;
import io.cicdmanager.tui.shell.SessionCommands;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollouts console over SSH (Apache MINA SSHD): public keys from the users file only, one console or shell or
 * command per channel, all sessions fed by the process's one board. Idle sessions (nothing typed and nothing sent
 * for the idle timeout), sessions past their maximum age and sessions beyond the maximum count are closed with a
 * reason the client prints.
 */
public final class ConsoleSshServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSshServer.class);
    private static final int MAX_FAILURES = 5;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    private static final Duration LOCKOUT = Duration.ofMinutes(5);

    /** How the server listens and whom it lets in. */
    public record Options(String host, int port, Path hostKey, String hostKeyName, Path usersFile,
            String usersFileName, Duration idleTimeout, Duration maxSessionDuration, int maxSessions,
            String namespace) {
    }

    private final Options options;
    private final TerminalBackend backend;
    private final CliContext context;
    private final Clock limits;
    private final AuditLog audit;
    private final FailedAuthLimiter limiter;
    private final SessionCommands commands;
    private final AtomicReference<SshUsers> users = new AtomicReference<>();
    private final AtomicInteger authenticated = new AtomicInteger();
    private SshServer sshd;
    private KeyAuthenticator keys;
    private ScheduledExecutorService reaper;
    private String hostKeyFingerprint;

    /**
     * @param context what the sessions' commands run with: its environment names the cluster and audit file they
     *                use, since a session may name neither
     */
    public ConsoleSshServer(Options options, TerminalBackend backend, CliContext context, List<Class<?>> cliCommands,
            AuditLog audit) {
        this(options, backend, context, context.clock(), cliCommands, audit);
    }

    /**
     * @param limits the clock the idle timeout, the maximum session duration and the failed-login lockout run on:
     *               the real one, also when the sessions' commands and screens run on demo time
     */
    public ConsoleSshServer(Options options, TerminalBackend backend, CliContext context, Clock limits,
            List<Class<?>> cliCommands, AuditLog audit) {
        this.limits = limits;
        this.options = options;
        this.backend = backend;
        this.context = context;
        this.audit = audit;
        this.limiter = new FailedAuthLimiter(limits, MAX_FAILURES, FAILURE_WINDOW, LOCKOUT);
        this.commands = new SessionCommands(context, cliCommands, CommandPolicy.ssh())
                .with("reload-users", new ReloadUsers());
    }

    /**
     * Reads the users file and the host key (creating it on first start) as {@link #start()} will, failing with
     * file and line on bad input: a command checks its files before it connects to anything.
     */
    public static void check(Options options) {
        SshUsers.read(options.usersFile(), options.usersFileName());
        HostKeyFile.loadOrCreate(options.hostKey(), options.hostKeyName());
    }

    /** Reads the host key and users (failing with file and line on bad input), then listens. */
    public void start() throws IOException {
        users.set(SshUsers.read(options.usersFile(), options.usersFileName()));
        KeyPair hostKey = HostKeyFile.loadOrCreate(options.hostKey(), options.hostKeyName());
        hostKeyFingerprint = HostKeyFile.fingerprint(hostKey);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost(options.host());
        sshd.setPort(options.port());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        keys = new KeyAuthenticator(users::get, limiter,
                (user, fingerprint, address, why) -> record("login", user + " (" + fingerprint + ")", "cicd serve",
                        "", "refused from " + address + ": " + why));
        sshd.setPublickeyAuthenticator(keys);
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);
        sshd.setSubsystemFactories(List.of());
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 10);
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, Duration.ofSeconds(30));
        // A backstop for sessions that never open a channel; the input-based idle check below is the real one.
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, options.idleTimeout().multipliedBy(2));
        sshd.setShellFactory(channel -> new ChannelCommand(this, null));
        sshd.setCommandFactory((channel, command) -> new ChannelCommand(this, command));
        sshd.addSessionListener(new Sessions());
        sshd.start();
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ssh-session-reaper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(1000, options.idleTimeout().toMillis() / 10));
        reaper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The port listened on: the one asked for, or the one the system chose for port 0. */
    public int port() {
        return sshd.getPort();
    }

    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    public SshUsers users() {
        return users.get();
    }

    public int authenticatedSessions() {
        return authenticated.get();
    }

    TerminalBackend backend() {
        return backend;
    }

    public CliContext context() {
        return context;
    }

    /** The clock the idle timeout, the session cap and the lockout run on. */
    public Clock limitsClock() {
        return limits;
    }

    SessionCommands commands() {
        return commands;
    }

    Options options() {
        return options;
    }

    /**
     * Reads the users file again. A file with errors changes nothing (the error names file and line); otherwise
     * the new users apply to new logins, and sessions whose key no longer maps to the same name and role are
     * closed.
     */
    public String reloadUsers(String by) {
        SshUsers fresh = SshUsers.read(options.usersFile(), options.usersFileName());
        users.set(fresh);
        int closed = 0;
        for (AbstractSession session : sshd.getActiveSessions()) {
            SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
            if (id == null) {
                continue;
            }
            boolean same = fresh.byFingerprint(id.actor().fingerprint())
                    .filter(u -> u.name().equals(id.actor().name()) && u.role() == id.role()).isPresent();
            if (!same && disconnect(session, "your access changed: the users file was reloaded")) {
                closed++;
            }
        }
        String summary = "users reloaded from " + options.usersFileName() + ": " + fresh.summary()
                + (closed == 0 ? "" : "; closed " + closed + " session(s) whose access changed");
        record("reload-users", by, "cicd serve", "", summary);
        return summary;
    }

    /**
     * Closes sessions idle past the idle timeout (nothing typed and nothing sent to the screen), or older than the
     * maximum session duration.
     */
    void sweep() {
        try {
            Instant now = limits.instant();
            for (AbstractSession session : sshd.getActiveSessions()) {
                SessionActivity activity = session.getAttribute(SessionActivity.KEY);
                if (activity == null) {
                    continue;
                }
                Duration idle = Duration.between(activity.lastActivity(), now);
                Duration age = Duration.between(activity.started(), now);
                if (idle.compareTo(options.idleTimeout()) >= 0) {
                    close(session, "idle for " + format(idle) + ": nothing typed and nothing new on the screen (the "
                            + "limit is " + format(options.idleTimeout()) + ")", "idle-timeout");
                } else if (age.compareTo(options.maxSessionDuration()) >= 0) {
                    close(session, "session lasted " + format(age) + " (the limit is "
                            + format(options.maxSessionDuration()) + ")", "session-timeout");
                }
            }
        } catch (RuntimeException e) {
            // the reaper must survive one bad session to close the next ones
            LOG.warn("checking sessions for timeouts", e);
        }
    }

    private void close(Session session, String reason, String action) {
        SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
        if (disconnect(session, reason)) {
            record(action, id == null ? "unauthenticated" : id.actor().display(), "cicd serve", reason, "closed");
        }
    }

    private static boolean disconnect(Session session, String reason) {
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, reason);
            return true;
        } catch (IOException e) {
            LOG.debug("disconnecting", e);
            return false;
        }
    }

    private static String format(Duration d) {
        return io.cicdmanager.rollout.Durations.format(d.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    void record(String action, String actor, String target, String reason, String outcome) {
        try {
            audit.append(new AuditEntry(context.clock().instant(), actor, "ssh", action, target, reason, outcome,
                    Map.of()));
        } catch (RuntimeException e) {
            LOG.warn("cannot write the audit entry for {} by {}", action, actor, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (reaper != null) {
            reaper.shutdownNow();
        }
        if (sshd != null) {
            sshd.stop(true);
        }
    }

    /** Counts authenticated sessions, refuses those beyond the maximum, and audits logins. */
    private final class Sessions implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            session.setAttribute(SessionActivity.KEY, new SessionActivity(limits));
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event != Event.Authenticated) {
                return;
            }
            SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
            int now = authenticated.incrementAndGet();
            session.setAttribute(COUNTED, Boolean.TRUE);
            String who = id == null ? "unknown" : id.actor().display();
            if (now > options.maxSessions()) {
                String reason = "too many sessions: the server allows " + options.maxSessions() + "; try again later";
                record("login", who, "cicd serve", "", "refused: " + options.maxSessions() + " sessions already");
                session.setAttribute(REFUSED, reason);
                // Not from inside the authentication callback: the client must first hear that it succeeded,
                // or it reads the disconnect as a corrupt packet instead of the reason.
                reaper.execute(() -> disconnect(session, reason));
                return;
            }
            SessionActivity activity = session.getAttribute(SessionActivity.KEY);
            if (activity != null) {
                activity.touched();
            }
            record("login", who, "cicd serve", "", "accepted from " + (id == null ? "?" : id.address()) + " as "
                    + (id == null ? "?" : id.role().label()));
        }

        @Override
        public void sessionClosed(Session session) {
            if (Boolean.TRUE.equals(session.removeAttribute(COUNTED))) {
                authenticated.decrementAndGet();
            }
            if (keys != null) {
                keys.sessionEnded(session).ifPresent(address -> record("login", Objects.toString(
                        session.getUsername(), "?"), "cicd serve", "", "refused from " + address + ": " + address
                        + " locked out after repeated failed logins"));
            }
        }
    }

    private static final Session.AttributeKey<Boolean> COUNTED = new Session.AttributeKey<>();
    /** Set on a session over the maximum: its channels run nothing and say why. */
    static final Session.AttributeKey<String> REFUSED = new Session.AttributeKey<>();

    /** {@code reload-users}: admins only. */
    private final class ReloadUsers implements SessionCommands.SessionCommand {
        @Override
        public String description() {
            return "Reads the users file again (admins only).";
        }

        @Override
        public boolean allowed(Access access) {
            return access.role().mayAdminister() && !access.forcedReadOnly();
        }

        @Override
        public int run(List<String> args, Access access, PrintWriter out, PrintWriter err) {
            try {
                out.println(reloadUsers(access.actor().display()));
                return ExitCode.OK;
            } catch (io.cicdmanager.UsageException e) {
                err.println("cicd: reload-users: " + e.getMessage() + " (the previous users stay in force)");
                record("reload-users", access.actor().display(), "cicd serve", "", "failed: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
    }
}
