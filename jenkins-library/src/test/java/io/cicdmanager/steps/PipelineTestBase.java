package io.cicdmanager.steps;

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS;
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration;
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever;
import groovy.lang.Closure;
import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.VirtualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * JenkinsPipelineUnit harness for this library's steps that behaves as Jenkins does where the steps could tell the
 * difference. The library loads from this repository (vars/, src/, resources/) and runs under groovy-cps, with
 * the program serialised at every step, as Jenkins runs it. {@code sh} is a real {@code /bin/sh -xe} on a script
 * file with the agent's and the build's environment ({@link AgentShell}); {@code readJSON} and {@code readYaml}
 * parse as pipeline-utility-steps does ({@link PipelineUtilitySteps}); {@code parallel} runs its branches at once,
 * taking turns at step calls as on the CPS VM ({@link CpsVm}); {@code timeout}, {@code failFast} and an aborted
 * {@code input} stop the running step as Jenkins does (SIGTERM to its processes). {@code error} throws.
 *
 * <p>The agent has {@code cicd} on its PATH: a small client that runs the real engine inside the test
 * ({@link EngineServer}), with the test's clock and sleeper, so a 45-minute canary runs in virtual time against
 * the in-process API server while the shell, its quoting and the step's way of finding the engine stay real.
 */
public abstract class PipelineTestBase extends BasePipelineTestCPS {

    /** The repository root: Jenkins reads vars/, src/ and resources/ from there. */
    protected static final Path REPOSITORY = findRepository();

    /** The instant the engine's clock is fixed at, unless a test overrides {@link #clock()}. */
    protected static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    protected Path sandbox;

    /** A failed test shows the build log it produced, as a failed build's page would. */
    @RegisterExtension
    final TestWatcher showLogOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("---- build log of " + context.getDisplayName() + " ----\n" + log + "---- end of log ----");
        }
    };

    /** The build's workspace. */
    protected Path workspace;
    /** The agent user's home: where the steps cache the engine they install. */
    protected Path agentHome;
    /** The agent's own environment (PATH, HOME, JAVA_HOME), under the build's variables in every sh. */
    protected final Map<String, String> agentEnv = new LinkedHashMap<>();
    /** The {@code cicd} on the agent's PATH, which runs the engine in this test. */
    protected Path engineExecutable;

    /** Everything the pipeline printed: echo, sh output as it came, unstable messages, errors. */
    protected final StringBuffer log = new StringBuffer();
    /** Every sh script run, in order, as the step wrote it. */
    protected final List<String> shScripts = Collections.synchronizedList(new ArrayList<>());
    protected final List<Map<?, ?>> junitCalls = Collections.synchronizedList(new ArrayList<>());
    protected final List<Map<?, ?>> archivedArtifacts = Collections.synchronizedList(new ArrayList<>());
    /** Every input step reached, in order. */
    protected final List<InputRequest> inputs = Collections.synchronizedList(new ArrayList<>());
    /** Credentials by id, as withCredentials would bind them. */
    protected final Map<String, Object> credentials = new LinkedHashMap<>();
    /** How the people at the build page answer input steps; by default nobody is there. */
    protected InputRequest.Answers inputAnswers = request -> {
        throw new AssertionError("nobody answers the input '" + request.message() + "' in this test");
    };

    /** Thrown by the {@code error} step and by a failing {@code sh}, as Jenkins aborts the build with its message. */
    public static final class PipelineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineError(String message) {
            super(message);
        }
    }

    private final CpsVm vm = new CpsVm();
    private final BuildEnvironment env = new BuildEnvironment(agentEnv);
    private final InheritableThreadLocal<Path> currentDir = new InheritableThreadLocal<>();
    private final Map<Thread, String> interruptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pipeline-timeout");
        t.setDaemon(true);
        return t;
    });
    private AgentShell shell;
    private EngineServer engine;
    private int pipelineRuns;

    protected PipelineTestBase() {
        setHelper(new SerialisingHelper());
    }

    @BeforeEach
    void setUpPipeline() throws Exception {
        workspace = Files.createDirectories(sandbox.resolve("workspace"));
        agentHome = Files.createDirectories(sandbox.resolve("home"));
        shell = new AgentShell(sandbox.resolve("workspace@tmp"));
        engine = new EngineServer(sandbox, (dir, environment, out, err, args) -> Cicd.execute(
                new CliContext(dir, environment, out, err, clock(), sleeper()), extraCommands(), args));
        engineExecutable = engine.writeExecutable(sandbox.resolve("bin"));
        agentEnv.put("PATH", engineExecutable.getParent() + ":" + System.getenv("PATH"));
        agentEnv.put("HOME", agentHome.toString());
        agentEnv.put("LANG", "C.UTF-8");
        if (System.getenv("JAVA_HOME") != null) {
            agentEnv.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }

        setScriptRoots(new String[] {workspace.toString()});
        setScriptExtension("groovy");
        setUp();
        getHelper().registerSharedLibrary(LibraryConfiguration.library()
                .name("cicd-manager")
                .defaultVersion("main")
                .allowOverride(true)
                .implicit(true)
                .targetPath(sandbox.resolve(".libs").toString())
                .retriever(new RepositorySource())
                .build());
        env.put("WORKSPACE", workspace.toString());
        env.put("JENKINS_URL", "https://jenkins.example/");
        env.put("BUILD_URL", "https://jenkins.example/job/app/1/");
        env.put("JOB_NAME", "app");
        env.put("BUILD_NUMBER", "1");
        getBinding().setVariable("env", env);
        Map<String, Object> build = new ConcurrentHashMap<>();
        build.put("currentResult", "SUCCESS");
        getBinding().setVariable("currentBuild", build);
        registerSteps();
    }

    @AfterEach
    void tearDownPipeline() throws IOException {
        timers.shutdownNow();
        engine.close();
    }

    private VirtualTime virtualTime;

    /** Runs the engine on {@code time}: a 45-minute canary takes milliseconds. */
    protected final void useVirtualTime(VirtualTime time) {
        this.virtualTime = time;
    }

    /** The clock the engine sees: the virtual time when there is one, else fixed at {@link #NOW}. */
    protected Clock clock() {
        return virtualTime != null ? virtualTime.clock() : Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** The sleeper the engine waits with: the virtual time; without one, a real wait is a test failure. */
    protected Sleeper sleeper() {
        if (virtualTime != null) {
            return virtualTime;
        }
        return d -> {
            throw new AssertionError("the engine slept " + d + " for real in a step test; give the test virtual time");
        };
    }

    /** Extra commands available to {@code cicd} beyond the engine's (the all-in-one jar adds the TUI's). */
    protected List<Class<?>> extraCommands() {
        return List.of();
    }

    /** The agent's PATH without the test's {@code cicd}: an agent where nothing is installed yet. */
    protected void removeCicdFromPath() {
        agentEnv.put("PATH", System.getenv("PATH"));
    }

    /**
     * Runs a Jenkinsfile given as text, with the library loaded implicitly. Each run of a test gets its own file:
     * the script engine caches a script by file and modification time, so rewriting one file within the same
     * second would run the previous text again.
     */
    protected Object runPipeline(String jenkinsfile) {
        Path file;
        try {
            pipelineRuns++;
            file = workspace.resolve(pipelineRuns == 1 ? "Jenkinsfile.groovy" : "Jenkinsfile" + pipelineRuns + ".groovy");
            Files.writeString(file, jenkinsfile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vm.enter();
        try {
            return runScript(file.toString());
        } catch (Throwable e) {
            // As Jenkins ends a build on an exception nobody caught: aborted when it was stopped, else failed.
            RuntimeException thrown = unwrap(e);
            updateBuildStatus(thrown.getCause() instanceof FlowInterruptedException ? "ABORTED" : "FAILURE");
            throw thrown;
        } finally {
            vm.leave();
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof InvokerInvocationException || cause instanceof java.lang.reflect.InvocationTargetException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new PipelineInterrupted(cause);
    }

    /** A pipeline that ended with a checked exception, as an interrupted build does. */
    public static final class PipelineInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineInterrupted(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The build's variables (not those of a withEnv or withCredentials block, which end with it). */
    protected Map<String, Object> env() {
        return env.build();
    }

    protected String buildResult() {
        Object build = getBinding().getVariable("currentBuild");
        return String.valueOf(((Map<?, ?>) build).get("result"));
    }

    @Override
    public void updateBuildStatus(String status) {
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) getBinding().getVariable("currentBuild");
        List<String> order = List.of("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED");
        Object current = build.getOrDefault("result", "SUCCESS");
        // As Run.setResult: a result only ever gets worse.
        if (order.indexOf(status) > order.indexOf(String.valueOf(current)) || !build.containsKey("result")) {
            build.put("result", status);
            build.put("currentResult", status);
        }
    }

    /**
     * The engine's command lines the steps ran, as the shell got them after the library's runner: {@code 'gate'
     * '--report' …}.
     */
    protected List<String> engineCalls() {
        List<String> calls = new ArrayList<>();
        synchronized (shScripts) {
            for (String script : shScripts) {
                java.util.regex.Matcher m = ENGINE_CALL.matcher(script);
                if (m.matches()) {
                    calls.add(m.group(1));
                }
            }
        }
        return calls;
    }

    private static final java.util.regex.Pattern ENGINE_CALL =
            java.util.regex.Pattern.compile("sh '[^']*/run-cicd\\.sh' '[^']*' (.*)", java.util.regex.Pattern.DOTALL);

    /** The one file under the workspace's .cicd/ whose name is {@code name} (a step's working file). */
    protected Path stepFile(String name) {
        try (var files = Files.walk(workspace.resolve(".cicd"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().equals(name)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + name + " under .cicd/, found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Path workspaceFile(String relative) {
        return workspace.resolve(relative);
    }

    private Path cwd() {
        Path dir = currentDir.get();
        return dir == null ? workspace : dir;
    }

    private void registerSteps() {
        step("sh", Map.class, args -> sh((Map<?, ?>) args));
        step("sh", String.class, script -> sh(Map.of("script", script)));
        step("echo", String.class, message -> {
            log.append(message).append('\n');
            return null;
        });
        step("error", String.class, message -> {
            log.append("ERROR: ").append(message).append('\n');
            throw new PipelineError(String.valueOf(message));
        });
        step("unstable", String.class, message -> {
            updateBuildStatus("UNSTABLE");
            log.append("WARNING: ").append(message).append('\n');
            return null;
        });
        step("unstable", Map.class, args -> {
            updateBuildStatus("UNSTABLE");
            log.append("WARNING: ").append(((Map<?, ?>) args).get("message")).append('\n');
            return null;
        });
        step("junit", Map.class, args -> {
            junitCalls.add((Map<?, ?>) args);
            return null;
        });
        step("junit", String.class, pattern -> {
            junitCalls.add(Map.of("testResults", pattern));
            return null;
        });
        step("archiveArtifacts", Map.class, args -> {
            archivedArtifacts.add((Map<?, ?>) args);
            return null;
        });
        step("archiveArtifacts", String.class, pattern -> {
            archivedArtifacts.add(Map.of("artifacts", pattern));
            return null;
        });
        step("isUnix", () -> true);
        step("fileExists", String.class, path -> Files.exists(cwd().resolve(path.toString())));
        step("fileExists", Map.class, args -> Files.exists(cwd().resolve(((Map<?, ?>) args).get("file").toString())));
        step("readFile", String.class, path -> read(cwd().resolve(path.toString())));
        step("readFile", Map.class, args -> read(cwd().resolve(((Map<?, ?>) args).get("file").toString())));
        step("writeFile", Map.class, args -> {
            Map<?, ?> m = (Map<?, ?>) args;
            write(cwd().resolve(m.get("file").toString()), m.get("text").toString());
            return null;
        });
        step("readJSON", Map.class, args -> {
            Map<?, ?> m = (Map<?, ?>) args;
            String text = m.containsKey("text") ? m.get("text").toString()
                    : read(cwd().resolve(m.get("file").toString()));
            return PipelineUtilitySteps.readJson(text, Boolean.TRUE.equals(m.get("returnPojo")));
        });
        step("readYaml", Map.class, args -> {
            Map<?, ?> m = (Map<?, ?>) args;
            String text = m.containsKey("text") ? m.get("text").toString()
                    : read(cwd().resolve(m.get("file").toString()));
            return PipelineUtilitySteps.readYaml(text);
        });
        step("libraryResource", String.class, path -> read(REPOSITORY.resolve("resources").resolve(path.toString())));
        step("string", Map.class, args -> args);
        step("choice", Map.class, args -> args);
        step("booleanParam", Map.class, args -> args);
        step("usernamePassword", Map.class, args -> args);
        step("file", Map.class, args -> args);
        step("input", Map.class, args -> input((Map<?, ?>) args));
        step("input", String.class, message -> input(Map.of("message", message)));
        step("parallel", Map.class, branches -> parallel((Map<?, ?>) branches));
        block("stage", String.class, (name, body) -> {
            log.append("[Pipeline] stage ").append(name).append('\n');
            return call(body);
        });
        block("node", String.class, (label, body) -> call(body));
        getHelper().registerAllowedMethod("node", List.of(Closure.class), closure(args -> call((Closure<?>) args[0])));
        block("dir", String.class, (path, body) -> {
            Path saved = currentDir.get();
            currentDir.set(cwd().resolve(path.toString()).normalize());
            try {
                return call(body);
            } finally {
                currentDir.set(saved);
            }
        });
        block("timeout", Map.class, (args, body) -> timeout((Map<?, ?>) args, body));
        block("waitUntil", Map.class, (args, body) -> waitUntil((Map<?, ?>) args, body));
        getHelper().registerAllowedMethod("waitUntil", List.of(Closure.class),
                closure(args -> waitUntil(Map.of(), (Closure<?>) args[0])));
        block("withEnv", List.class, (list, body) -> {
            Map<String, String> vars = new LinkedHashMap<>();
            for (Object item : (List<?>) list) {
                String s = item.toString();
                int eq = s.indexOf('=');
                vars.put(s.substring(0, eq), s.substring(eq + 1));
            }
            return env.with(vars, () -> call(body));
        });
        block("withCredentials", List.class, (list, body) -> {
            Map<String, String> vars = new LinkedHashMap<>();
            for (Object binding : (List<?>) list) {
                Map<?, ?> b = (Map<?, ?>) binding;
                Object secret = credentials.get(String.valueOf(b.get("credentialsId")));
                if (secret == null) {
                    throw new PipelineError("no credentials with id " + b.get("credentialsId"));
                }
                if (b.containsKey("variable")) {
                    vars.put(b.get("variable").toString(), secret.toString());
                } else {
                    Map<?, ?> userPass = (Map<?, ?>) secret;
                    vars.put(b.get("usernameVariable").toString(), userPass.get("username").toString());
                    vars.put(b.get("passwordVariable").toString(), userPass.get("password").toString());
                }
            }
            return env.with(vars, () -> call(body));
        });
    }

    private Object call(Object body) {
        return getHelper().callClosure((Closure<?>) body);
    }

    private Object sh(Map<?, ?> args) throws Exception {
        checkInterrupted();
        String script = String.valueOf(args.get("script"));
        shScripts.add(script);
        boolean returnStatus = Boolean.TRUE.equals(args.get("returnStatus"));
        boolean returnStdout = Boolean.TRUE.equals(args.get("returnStdout"));
        Map<String, String> environment = env.forShell();
        Path dir = cwd();
        Files.createDirectories(dir);
        AgentShell.Result result;
        try {
            result = vm.waiting(() -> shell.run(script, dir, environment, returnStdout, log::append));
        } catch (InterruptedException e) {
            throw interrupted();
        }
        if (returnStatus) {
            return result.code();
        }
        if (result.code() != 0) {
            log.append("ERROR: script returned exit code ").append(result.code()).append('\n');
            throw new PipelineError("script returned exit code " + result.code());
        }
        return returnStdout ? result.stdout() : null;
    }

    /** Stops {@code thread}'s running step as Jenkins does, for {@code why}. */
    private void interrupt(Thread thread, String why) {
        interruptions.put(thread, why);
        thread.interrupt();
    }

    private FlowInterruptedException interrupted() {
        Thread.interrupted();
        String why = interruptions.remove(Thread.currentThread());
        return new FlowInterruptedException(why == null ? "interrupted" : why);
    }

    private void checkInterrupted() throws FlowInterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
    }

    private Object timeout(Map<?, ?> args, Object body) throws Exception {
        checkInterrupted();
        if (args.containsKey("activity")) {
            throw new UnsupportedOperationException("timeout(activity: true) is not in this harness");
        }
        long time = ((Number) args.get("time")).longValue();
        TimeUnit unit = args.containsKey("unit") ? TimeUnit.valueOf(args.get("unit").toString()) : TimeUnit.MINUTES;
        Thread caller = Thread.currentThread();
        Object lock = new Object();
        boolean[] state = new boolean[2]; // [0] body ended, [1] timeout fired
        log.append("Timeout set to expire in ").append(time).append(' ').append(unit.name().toLowerCase()).append('\n');
        ScheduledFuture<?> timer = timers.schedule(() -> {
            synchronized (lock) {
                if (!state[0]) {
                    state[1] = true;
                    log.append("Cancelling nested steps due to timeout\n");
                    interrupt(caller, "Timeout has been exceeded");
                }
            }
        }, time, unit);
        try {
            return call(body);
        } catch (RuntimeException e) {
            throw flowInterruption(e);
        } finally {
            synchronized (lock) {
                state[0] = true;
                timer.cancel(false);
                if (state[1]) {
                    Thread.interrupted();
                    interruptions.remove(caller);
                    log.append("Timeout has been exceeded\n");
                }
            }
        }
    }

    /** A FlowInterruptedException that Groovy wrapped on its way up, unwrapped as Jenkins would see it. */
    private static Exception flowInterruption(RuntimeException e) {
        Throwable cause = e;
        while (cause instanceof InvokerInvocationException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof FlowInterruptedException f ? f : e;
    }

    private Object waitUntil(Map<?, ?> args, Object body) throws Exception {
        long delay = args.containsKey("initialRecurrencePeriod")
                ? ((Number) args.get("initialRecurrencePeriod")).longValue() : 250;
        boolean quiet = Boolean.TRUE.equals(args.get("quiet"));
        while (true) {
            checkInterrupted();
            Object done = call(body);
            if (!(done instanceof Boolean)) {
                throw new PipelineError("The block of waitUntil must return a boolean, not " + done);
            }
            if ((Boolean) done) {
                return null;
            }
            if (!quiet) {
                log.append("Will try again after ").append(delay).append(" ms\n");
            }
            long wait = delay;
            try {
                vm.waiting(() -> {
                    Thread.sleep(wait);
                    return null;
                });
            } catch (InterruptedException e) {
                throw interrupted();
            }
            delay = Math.min((long) (delay * 1.2), 15_000);
        }
    }

    private Object input(Map<?, ?> args) throws Exception {
        checkInterrupted();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters = args.containsKey("parameters")
                ? new ArrayList<>((List<Map<String, Object>>) args.get("parameters")) : List.of();
        String ok = args.containsKey("ok") ? args.get("ok").toString() : "Proceed";
        InputRequest request = new InputRequest(args.containsKey("id") ? args.get("id").toString() : null,
                String.valueOf(args.get("message")), ok, parameters,
                args.containsKey("submitterParameter") ? args.get("submitterParameter").toString() : null);
        inputs.add(request);
        log.append(request.message()).append('\n').append(ok).append(" or Abort\n");
        InputRequest.Answer answer;
        try {
            answer = vm.waiting(() -> {
                InputRequest.Answer given = inputAnswers.answer(request);
                if (given == null) {
                    new CountDownLatch(1).await(); // open until the step is stopped
                }
                return given;
            });
        } catch (InterruptedException e) {
            throw interrupted();
        }
        if (!answer.proceed()) {
            log.append("Rejected by ").append(answer.user()).append('\n');
            throw new FlowInterruptedException("Rejected by " + answer.user());
        }
        log.append("Approved by ").append(answer.user()).append('\n');
        // As the input step returns: nothing, the one parameter's value, or a map of them all.
        if (parameters.isEmpty() && request.submitterParameter() == null) {
            return null;
        }
        if (parameters.size() == 1 && request.submitterParameter() == null) {
            return answer.values().get(parameters.get(0).get("name").toString());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map<String, Object> p : parameters) {
            String name = p.get("name").toString();
            values.put(name, answer.values().containsKey(name) ? answer.values().get(name) : p.get("defaultValue"));
        }
        if (request.submitterParameter() != null) {
            values.put(request.submitterParameter(), answer.user());
        }
        return values;
    }

    private Object parallel(Map<?, ?> branches) throws Exception {
        checkInterrupted();
        boolean failFast = Boolean.TRUE.equals(branches.get("failFast"));
        Map<String, Object> results = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<?, ?> branch : branches.entrySet()) {
            String name = branch.getKey().toString();
            if (name.equals("failFast")) {
                continue;
            }
            Closure<?> body = (Closure<?>) branch.getValue();
            threads.add(new Thread(() -> {
                vm.enter();
                try {
                    results.put(name, call(body));
                } catch (Throwable t) {
                    log.append("Failed in branch ").append(name).append('\n');
                    synchronized (failures) {
                        failures.add(t);
                        if (failFast && failures.size() == 1) {
                            threads.stream().filter(other -> other != Thread.currentThread())
                                    .forEach(other -> interrupt(other, "Failed in branch " + name));
                        }
                    }
                } finally {
                    vm.leave();
                }
            }, "parallel-" + name));
        }
        try {
            vm.waiting(() -> {
                threads.forEach(Thread::start);
                try {
                    for (Thread t : threads) {
                        t.join();
                    }
                } catch (InterruptedException e) {
                    String why = interruptions.getOrDefault(Thread.currentThread(), "interrupted");
                    threads.forEach(t -> interrupt(t, why));
                    for (Thread t : threads) {
                        joinUninterruptibly(t);
                    }
                    throw e;
                }
                return null;
            });
        } catch (InterruptedException e) {
            throw interrupted();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            if (first instanceof Exception ex) {
                throw ex;
            }
            throw (Error) first;
        }
        return results;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PipelineError("cannot read " + file.getFileName() + ": " + e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step implementation; it may throw what Jenkins steps throw, checked or not. */
    @FunctionalInterface
    private interface StepBody {
        Object call(Object argument) throws Exception;
    }

    @FunctionalInterface
    private interface BlockBody {
        Object call(Object argument, Object body) throws Exception;
    }

    @FunctionalInterface
    private interface ArgsBody {
        Object call(Object[] arguments) throws Exception;
    }

    private void step(String name, Class<?> argType, StepBody body) {
        getHelper().registerAllowedMethod(name, List.of(argType), closure(args -> body.call(args[0])));
    }

    private void step(String name, java.util.function.Supplier<Object> body) {
        getHelper().registerAllowedMethod(name, List.of(), closure(args -> body.get()));
    }

    private void block(String name, Class<?> argType, BlockBody body) {
        getHelper().registerAllowedMethod(name, List.of(argType, Closure.class),
                closure(args -> body.call(args[0], args[1])));
    }

    private Closure<Object> closure(ArgsBody body) {
        return new Closure<Object>(this) {
            private static final long serialVersionUID = 1L;

            @SuppressWarnings("unused")
            public Object doCall(Object... arguments) throws Exception {
                return body.call(arguments);
            }
        };
    }

    private static Path findRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("vars"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no vars/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Hands JenkinsPipelineUnit this repository's root as the library's source. */
    private static final class RepositorySource implements SourceRetriever {
        @Override
        public List<URL> retrieve(String repository, String branch, String targetPath) {
            try {
                return List.of(REPOSITORY.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
