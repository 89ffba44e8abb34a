package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The one way the steps run the cicd engine: one instance per call of a step, with its own working directory (so
 * calls in parallel branches never share a file), running {@code cicd} on the agent through the library's
 * {@code run-cicd.sh}, which finds the engine of the library's version or installs it (docs/install.md). The
 * engine's standard error reaches the build log as it is written and is kept for the step's failure message.
 */
class CicdCli implements Serializable {
    private static final long serialVersionUID = 1L

    /** The meaning of each exit code of the cicd command line, for the messages steps fail with. */
    static final Map<Integer, String> EXIT_CODES = [
        0: 'passed',
        1: 'failed',
        2: 'invalid usage, policy or spec',
        3: 'unstable',
        4: 'a dependency (Kubernetes, Prometheus or a database) was unreachable',
        127: 'no cicd engine to run on this agent',
    ]

    /** The named arguments every step takes besides its own. */
    static final List<String> COMMON_ARGUMENTS = ['failOnError']

    private final def script
    /** The step's name, which starts its messages. */
    final String step
    /** Where this call's files go, relative to the current directory. */
    final String dir
    /** false: a failure is printed and returned in the result (key {@code error}) instead of failing the build. */
    final boolean failOnError
    private boolean runnerWritten

    CicdCli(def script, String step, String dir, boolean failOnError) {
        this.script = script
        this.step = step
        this.dir = dir
        this.failOnError = failOnError
    }

    /**
     * Checks a step's arguments ({@code known} and the common ones; {@code required}) and returns its runner, with
     * {@code outputDir} as its directory or a new one under {@code .cicd/}.
     */
    static CicdCli forStep(def script, String step, Map args, Collection<String> known,
            Collection<String> required = [], String outputDir = null) {
        StepArguments.check(script, step, args, (known as List) + COMMON_ARGUMENTS, required)
        if (args.failOnError != null && !(args.failOnError instanceof Boolean)) {
            script.error("${step}: failOnError must be true or false, not '${args.failOnError}'")
        }
        String id = UUID.randomUUID().toString().substring(0, 8)
        return new CicdCli(script, step, outputDir ?: ".cicd/${step}-${id}", args.failOnError != false)
    }

    /** A file of this call. */
    String file(String name) {
        return "${dir}/${name}"
    }

    /**
     * Runs {@code cicd words…} and returns its exit code. Options: {@code stdout}, a file for the standard output
     * (else the build log); {@code name}, the call's name for its standard-error file (default: the command's
     * words before its options).
     */
    int run(List words, Map options = [:]) {
        if (!runnerWritten) {
            script.writeFile(file: file('run-cicd.sh'), text: script.libraryResource('io/cicdmanager/engine/run-cicd.sh'))
            runnerWritten = true
        }
        List line = [file('run-cicd.sh'), errorFile(options.name ?: commandName(words))] + words
        String command = 'sh ' + quoteAll(line) + (options.stdout ? ' > ' + quote(options.stdout) : '')
        return script.sh(script: command, returnStatus: true) as int
    }

    /**
     * Finds the engine (installing it when the agent lacks it) without running a command: what a step does before
     * a timed run, so the installation does not count against the timeout. Returns 0, or the failure's exit code.
     */
    int findEngine() {
        return run(['--version'], [name: 'engine', stdout: '/dev/null'])
    }

    /**
     * Runs {@code body} (which runs the engine and returns its exit code) within {@code limit} ([time:, unit:], null
     * for no limit). On expiry Jenkins stops the running sh step: the engine gets SIGTERM and rolls the release
     * back (or holds it, as its spec says) before it exits. {@code stopped} then prints what the engine left, and
     * the build ends as Jenkins ends a timed-out one, aborted. A person's abort of the build ends the same way.
     */
    int runWithin(Map limit, Closure body, Closure stopped) {
        if (!limit) {
            return body() as int
        }
        int code = -1
        boolean finished = false
        try {
            script.timeout(time: limit.time, unit: limit.unit) {
                code = body() as int
            }
            finished = true
        } finally {
            if (!finished) {
                stopped()
            }
        }
        return code
    }

    /** Runs {@code cicd words…} with its standard output in {@code file}, and reads the JSON it wrote ([:] if none). */
    Map runJson(List words, String file, Map options = [:]) {
        int code = run(words, options + [stdout: file])
        return [code: code, json: code == 0 ? readResult(file) : [:]]
    }

    /** A JSON result the engine wrote, as plain maps and lists (JSON null is null), or [:] when there is none. */
    Map readResult(String file) {
        if (!script.fileExists(file)) {
            return [:]
        }
        def json = script.readJSON(file: file, returnPojo: true)
        return json instanceof Map ? json as Map : [:]
    }

    /** The engine's own error message from a call, or the meaning of its exit code. */
    String errorMessage(int code, String name) {
        String errors = errorFile(name)
        String text = script.fileExists(errors) ? script.readFile(errors)?.trim() : ''
        return text ? text : "cicd exited with ${code} (${EXIT_CODES.get(code, 'unexpected exit code')})"
    }

    /**
     * Fails the step with {@code message}; with failOnError: false, prints it instead and returns {@code result}
     * with the message as {@code error}.
     */
    Map fail(String message, Map result = [:]) {
        if (failOnError) {
            script.error("${step}: ${message}")
        }
        script.echo("${step}: ${message}")
        Map answer = [:]
        answer.putAll(result)
        answer.error = message
        return answer
    }

    private String errorFile(String name) {
        return file("${name}.stderr")
    }

    /** The command's words before its first option, joined: the name of its standard-error file. */
    @NonCPS
    static String commandName(List words) {
        List<String> names = []
        for (def word : words) {
            if (word.toString().startsWith('-')) {
                break
            }
            names << word.toString()
        }
        return names ? names.join('-') : 'cicd'
    }

    /** Quotes each word for a POSIX shell and joins them with spaces. */
    @NonCPS
    static String quoteAll(List words) {
        return words.collect { quote(it) }.join(' ')
    }

    /** Quotes one word for a POSIX shell, so no value can break out of its argument. */
    @NonCPS
    static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\"'\"'") + "'"
    }

    /**
     * A duration argument ('90s', '45m', '2h') as the timeout step's time and unit; fails the step on anything
     * else.
     */
    static Map timeoutOf(def script, String step, String argument, def value) {
        Map parsed = parseDuration(value)
        if (!parsed) {
            script.error("${step}: ${argument} '${value}' is not a duration such as '90s', '45m' or '2h'")
        }
        return parsed
    }

    @NonCPS
    static Map parseDuration(def value) {
        def m = value.toString().trim() =~ /^([1-9][0-9]*)(s|m|h)$/
        if (!m.matches()) {
            return null
        }
        return [time: m.group(1) as int, unit: [s: 'SECONDS', m: 'MINUTES', h: 'HOURS'][m.group(2)]]
    }
}
