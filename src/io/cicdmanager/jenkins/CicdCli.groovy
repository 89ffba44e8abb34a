package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * What every cicd-manager step shares: checking named arguments, quoting for sh, and running the cicd command
 * line on the agent. The steps stay thin; the engine does the work in its own process.
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
    ]

    /**
     * Fails the step when it was given an argument it does not know (naming the known ones) or lacks a required
     * one: a misspelt argument must never be silently ignored.
     */
    static void checkArguments(def script, String step, Map args, Collection<String> known,
            Collection<String> required = []) {
        List<String> unknown = unknownArguments(args, known)
        if (unknown) {
            script.error("${step}: unknown argument${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')}; " +
                    "known arguments: ${(known as List).sort().join(', ')}")
        }
        List<String> missing = missingArguments(args, required)
        if (missing) {
            script.error("${step}: missing required argument${missing.size() > 1 ? 's' : ''} ${missing.join(', ')}")
        }
    }

    @NonCPS
    static List<String> unknownArguments(Map args, Collection<String> known) {
        return args.keySet().collect { it.toString() }.findAll { !(it in known) }.sort()
    }

    @NonCPS
    static List<String> missingArguments(Map args, Collection<String> required) {
        return required.findAll { args[it] == null || args[it].toString().trim().isEmpty() } as List<String>
    }

    /** Quotes one word for a POSIX shell, so no value can break out of its argument. */
    @NonCPS
    static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\"'\"'") + "'"
    }

    /** How this agent runs cicd: {@code env.CICD_CLI} (which may be a command with options), else cicd on PATH. */
    static String executable(def script) {
        String configured = script.env.CICD_CLI
        return configured ? configured : 'cicd'
    }

    /**
     * Runs {@code cicd args…} and returns its exit code. Standard output goes to the build log; standard error is
     * kept in {@code errorFile} as well, so a failing step can quote the engine's own message.
     */
    static int run(def script, List args, String errorFile) {
        // The shell opens the redirect before cicd runs: its directory must exist (writeFile creates it).
        script.writeFile(file: errorFile, text: '')
        String command = executable(script) + ' ' + args.collect { quote(it) }.join(' ') + ' 2> ' + quote(errorFile)
        int code = script.sh(script: command, returnStatus: true)
        if (script.fileExists(errorFile)) {
            String errors = script.readFile(errorFile)
            if (errors?.trim()) {
                script.echo(errors.trim())
            }
        }
        return code
    }

    /** The engine's own error message from a run, or a generic description of its exit code. */
    static String errorMessage(def script, int code, String errorFile) {
        String errors = script.fileExists(errorFile) ? script.readFile(errorFile)?.trim() : ''
        return errors ? errors : "cicd exited with ${code} (${EXIT_CODES.get(code, 'unexpected exit code')})"
    }
}
