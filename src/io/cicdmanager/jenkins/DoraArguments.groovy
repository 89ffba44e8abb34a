package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The {@code dora:} argument of the rollout steps: a map of what to record (the store, its credentials, where the
 * deployment counts), or {@code false} to record nothing. The store reaches the engine through the environment
 * (CICD_DORA_DB) and its credentials through withCredentials, never on a command line.
 */
class DoraArguments implements Serializable {
    private static final long serialVersionUID = 1L

    /**
     * Fails the step when {@code dora} is neither a map of known keys nor false, or names no store; returns the map
     * ([:] when the argument was not given or is false).
     */
    static Map check(def script, String step, Map args, Collection<String> known) {
        def dora = args.dora
        if (dora == null || dora == false) {
            return [:]
        }
        if (!(dora instanceof Map)) {
            script.error("${step}: dora must be a map such as [service: 'checkout', environment: 'prod', db: " +
                    "'jdbc:postgresql://dora.example:5432/dora', credentialsId: 'dora-db'], or false to record nothing")
        }
        StepArguments.check(script, step, dora as Map, known, [], 'dora argument')
        if (!dora.db && !script.env.CICD_DORA_DB) {
            script.error("${step}: dora needs a store to record into: give dora: [db: …] or set CICD_DORA_DB")
        }
        return dora as Map
    }

    /**
     * Why a step must not record into the engine's default store, or null: on a CI agent (JENKINS_URL or CI set)
     * with no store given, the default file in the agent's home would be lost with the agent, and the figures with
     * it.
     */
    static String unsharedStore(def script, def db) {
        if (db || script.env.CICD_DORA_DB || !(script.env.JENKINS_URL || script.env.CI)) {
            return null
        }
        return 'no DORA store is configured, and the default one, ~/.cicd/dora.db on this agent, would be lost ' +
                'with the agent: set CICD_DORA_DB for the job or the agents (jdbc:postgresql://HOST:5432/DB, with ' +
                'CICD_DORA_DB_USER and CICD_DORA_DB_PASSWORD bound by withCredentials), or give db: to keep a file ' +
                'on purpose'
    }

    /** Whether the engine will record: dora given (and not false), or CICD_DORA_DB set on the agent. */
    static boolean recording(def script, Map args) {
        return args.dora != false && (args.dora instanceof Map || script.env.CICD_DORA_DB)
    }

    /** The engine's --dora options for the map's keys that {@code flags} names; --no-dora for dora: false. */
    @NonCPS
    static List<String> options(Map args, Map<String, String> flags) {
        if (args.dora == false) {
            return ['--no-dora']
        }
        Map dora = args.dora instanceof Map ? args.dora as Map : [:]
        List<String> cli = []
        flags.each { key, flag ->
            if (dora[key] != null) {
                cli += [flag, dora[key].toString()]
            }
        }
        return cli
    }
}
