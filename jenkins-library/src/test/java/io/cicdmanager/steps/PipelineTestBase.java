package io.cicdmanager.steps;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration;
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever;
import groovy.json.JsonSlurper;
import groovy.lang.Closure;
import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.time.Sleeper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * JenkinsPipelineUnit harness for this library's steps. It loads the library from this repository (vars/, src/,
 * resources/) as an implicit global library, makes {@code error} throw like Jenkins does, and wires {@code sh} to
 * run the real {@code cicd} command line in-process in a workspace directory, so a pipeline test exercises the
 * engine rather than a canned string. Other commands given to {@code sh} run in a real bash in the workspace.
 */
public abstract class PipelineTestBase extends BasePipelineTest {

    /** The repository root: Jenkins reads vars/, src/ and resources/ from there. */
    protected static final Path REPOSITORY = findRepository();

    /** The instant the in-process CLI's clock is fixed at, unless a test overrides {@link #clock()}. */
    protected static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    protected Path workspace;

    /** Everything the pipeline printed: echo, sh output, unstable messages. */
    protected final StringBuilder log = new StringBuilder();
    /** Every sh script run, in order, as the step wrote it. */
    protected final List<String> shScripts = new ArrayList<>();
    protected final List<Map<?, ?>> junitCalls = new ArrayList<>();
    protected final List<Map<?, ?>> archivedArtifacts = new ArrayList<>();
    /** Credentials by id, as withCredentials would bind them. */
    protected final Map<String, Object> credentials = new LinkedHashMap<>();

    /** Thrown by the {@code error} step, as Jenkins aborts the build with its message. */
    public static final class PipelineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineError(String message) {
            super(message);
        }
    }

    @BeforeEach
    void setUpPipeline() throws Exception {
        setScriptRoots(new String[] {workspace.toString()});
        setScriptExtension("groovy");
        setUp();
        getHelper().registerSharedLibrary(LibraryConfiguration.library()
                .name("cicd-manager")
                .defaultVersion("main")
                .allowOverride(true)
                .implicit(true)
                .targetPath(workspace.resolve(".libs").toString())
                .retriever(new RepositorySource())
                .build());
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("WORKSPACE", workspace.toString());
        env.put("BUILD_URL", "https://jenkins.example/job/app/1/");
        env.put("JOB_NAME", "app");
        env.put("BUILD_NUMBER", "1");
        getBinding().setVariable("env", env);
        registerSteps();
    }

    /** The clock the in-process CLI sees. */
    protected Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** The sleeper the in-process CLI waits with; by default a real wait is a test failure. */
    protected Sleeper sleeper() {
        return d -> {
            throw new AssertionError("the engine slept " + d + " for real in a step test; give the test virtual time");
        };
    }

    /** Extra commands available to {@code sh "cicd …"} beyond the engine's (the all-in-one jar adds the TUI's). */
    protected List<Class<?>> extraCommands() {
        return List.of();
    }

    private int pipelineRuns;

    /**
     * Runs a Jenkinsfile given as text, with the library loaded implicitly. Each run of a test gets its own file:
     * the script engine caches a script by file and modification time, so rewriting one file within the same
     * second would run the previous text again.
     */
    protected Object runPipeline(String jenkinsfile) {
        try {
            pipelineRuns++;
            Path file = workspace.resolve(pipelineRuns == 1 ? "Jenkinsfile.groovy" : "Jenkinsfile" + pipelineRuns + ".groovy");
            Files.writeString(file, jenkinsfile, StandardCharsets.UTF_8);
            return runScript(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    protected Map<String, Object> env() {
        return (Map<String, Object>) getBinding().getVariable("env");
    }

    protected String buildResult() {
        Object build = getBinding().getVariable("currentBuild");
        return String.valueOf(((Map<?, ?>) build).get("result"));
    }

    protected Path workspaceFile(String relative) {
        return workspace.resolve(relative);
    }

    private void registerSteps() {
        register("sh", Map.class, args -> sh((Map<?, ?>) args));
        register("sh", String.class, script -> sh(Map.of("script", script)));
        register("echo", String.class, message -> {
            log.append(message).append('\n');
            return null;
        });
        register("error", String.class, message -> {
            updateBuildStatus("FAILURE");
            log.append("ERROR: ").append(message).append('\n');
            throw new PipelineError(String.valueOf(message));
        });
        register("unstable", String.class, message -> {
            updateBuildStatus("UNSTABLE");
            log.append("WARNING: ").append(message).append('\n');
            return null;
        });
        register("unstable", Map.class, args -> {
            updateBuildStatus("UNSTABLE");
            log.append("WARNING: ").append(((Map<?, ?>) args).get("message")).append('\n');
            return null;
        });
        register("junit", Map.class, args -> {
            junitCalls.add((Map<?, ?>) args);
            return null;
        });
        register("junit", String.class, pattern -> {
            junitCalls.add(Map.of("testResults", pattern));
            return null;
        });
        register("archiveArtifacts", Map.class, args -> {
            archivedArtifacts.add((Map<?, ?>) args);
            return null;
        });
        register("archiveArtifacts", String.class, pattern -> {
            archivedArtifacts.add(Map.of("artifacts", pattern));
            return null;
        });
        register("fileExists", String.class, path -> Files.exists(workspace.resolve(path.toString())));
        register("fileExists", Map.class, args -> Files.exists(workspace.resolve(((Map<?, ?>) args).get("file").toString())));
        register("readFile", String.class, path -> read(workspace.resolve(path.toString())));
        register("readFile", Map.class, args -> read(workspace.resolve(((Map<?, ?>) args).get("file").toString())));
        register("writeFile", Map.class, args -> {
            Map<?, ?> m = (Map<?, ?>) args;
            write(workspace.resolve(m.get("file").toString()), m.get("text").toString());
            return null;
        });
        register("readJSON", Map.class, args -> {
            Map<?, ?> m = (Map<?, ?>) args;
            String text = m.containsKey("text") ? m.get("text").toString()
                    : read(workspace.resolve(m.get("file").toString()));
            return new JsonSlurper().parseText(text);
        });
        register("readYaml", Map.class, args -> ObjectMappers.yaml().readValue(
                read(workspace.resolve(((Map<?, ?>) args).get("file").toString())), Map.class));
        register("libraryResource", String.class, path -> read(REPOSITORY.resolve("resources").resolve(path.toString())));
        register("string", Map.class, args -> args);
        register("usernamePassword", Map.class, args -> args);
        register("file", Map.class, args -> args);
        getHelper().registerAllowedMethod("withEnv", List.of(List.class, Closure.class), closure2((list, body) -> {
            Map<String, Object> saved = new LinkedHashMap<>(env());
            for (Object item : (List<?>) list) {
                String s = item.toString();
                int eq = s.indexOf('=');
                env().put(s.substring(0, eq), s.substring(eq + 1));
            }
            try {
                return getHelper().callClosure((Closure<?>) body);
            } finally {
                env().clear();
                env().putAll(saved);
            }
        }));
        getHelper().registerAllowedMethod("withCredentials", List.of(List.class, Closure.class), closure2((list, body) -> {
            Map<String, Object> saved = new LinkedHashMap<>(env());
            for (Object binding : (List<?>) list) {
                Map<?, ?> b = (Map<?, ?>) binding;
                Object secret = credentials.get(String.valueOf(b.get("credentialsId")));
                if (secret == null) {
                    throw new PipelineError("no credentials with id " + b.get("credentialsId"));
                }
                if (b.containsKey("variable")) {
                    env().put(b.get("variable").toString(), secret.toString());
                } else {
                    Map<?, ?> userPass = (Map<?, ?>) secret;
                    env().put(b.get("usernameVariable").toString(), userPass.get("username").toString());
                    env().put(b.get("passwordVariable").toString(), userPass.get("password").toString());
                }
            }
            try {
                return getHelper().callClosure((Closure<?>) body);
            } finally {
                env().clear();
                env().putAll(saved);
            }
        }));
    }

    private Object sh(Map<?, ?> args) {
        String script = String.valueOf(args.get("script"));
        shScripts.add(script);
        boolean returnStatus = Boolean.TRUE.equals(args.get("returnStatus"));
        boolean returnStdout = Boolean.TRUE.equals(args.get("returnStdout"));
        Map<String, String> env = new LinkedHashMap<>();
        env().forEach((k, v) -> env.put(k, String.valueOf(v)));
        String cli = env.getOrDefault("CICD_CLI", "cicd");
        String trimmed = script.trim();
        boolean runsCli = trimmed.equals(cli) || trimmed.startsWith(cli + " ");
        ShellWords parsed = runsCli ? ShellWords.parse(trimmed.substring(cli.length()), env)
                : new ShellWords(List.of(), null, null);
        String out;
        String err;
        int code;
        String unopenable = unopenableRedirect(parsed);
        if (unopenable != null) {
            // As bash does: a redirect into a missing directory fails before the command runs.
            code = 1;
            out = "";
            err = "bash: " + unopenable + ": No such file or directory\n";
            parsed = new ShellWords(parsed.words(), null, null);
        } else if (runsCli) {
            StringWriter outText = new StringWriter();
            StringWriter errText = new StringWriter();
            CliContext context = new CliContext(workspace, env, new PrintWriter(outText, true),
                    new PrintWriter(errText, true), clock(), sleeper());
            code = Cicd.execute(context, extraCommands(), parsed.words().toArray(String[]::new));
            out = outText.toString();
            err = errText.toString();
        } else {
            Result result = bash(script, env);
            code = result.code;
            out = result.out;
            err = result.err;
        }
        if (parsed.stdoutFile() != null) {
            write(workspace.resolve(parsed.stdoutFile()), out);
            out = "";
        }
        if (parsed.stderrFile() != null) {
            write(workspace.resolve(parsed.stderrFile()), err);
            err = "";
        }
        if (!returnStdout) {
            log.append(out);
        }
        log.append(err);
        if (returnStatus) {
            return code;
        }
        if (code != 0) {
            updateBuildStatus("FAILURE");
            throw new PipelineError("script returned exit code " + code);
        }
        return returnStdout ? out : null;
    }

    private record Result(int code, String out, String err) {
    }

    /** The first redirect target whose directory does not exist, or null. */
    private String unopenableRedirect(ShellWords parsed) {
        for (String file : java.util.Arrays.asList(parsed.stdoutFile(), parsed.stderrFile())) {
            if (file != null && !Files.isDirectory(workspace.resolve(file).toAbsolutePath().getParent())) {
                return file;
            }
        }
        return null;
    }

    private Result bash(String script, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(workspace.toFile());
            pb.environment().putAll(env);
            Path outFile = Files.createTempFile(workspace, ".sh-out", "");
            Path errFile = Files.createTempFile(workspace, ".sh-err", "");
            pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            Process process = pb.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sh did not finish within 60 s: " + script);
            }
            Result result = new Result(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
            Files.delete(outFile);
            Files.delete(errFile);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
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

    private void register(String name, Class<?> argType, Function<Object, Object> body) {
        getHelper().registerAllowedMethod(name, List.of(argType), closure1(body));
    }

    private Closure<Object> closure1(Function<Object, Object> body) {
        return new Closure<Object>(this) {
            private static final long serialVersionUID = 1L;

            @SuppressWarnings("unused")
            public Object doCall(Object argument) {
                return body.apply(argument);
            }
        };
    }

    private Closure<Object> closure2(BiFunction<Object, Object, Object> body) {
        return new Closure<Object>(this) {
            private static final long serialVersionUID = 1L;

            @SuppressWarnings("unused")
            public Object doCall(Object first, Object second) {
                return body.apply(first, second);
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
