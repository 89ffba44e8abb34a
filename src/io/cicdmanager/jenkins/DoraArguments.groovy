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
        List<String> unknown = CicdCli.unknownArguments(dora as Map, known)
        if (unknown) {
            script.error("${step}: unknown dora argument${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')}; " +
                    "known: ${(known as List).sort().join(', ')}")
        }
        if (!dora.db && !script.env.CICD_DORA_DB) {
            script.error("${step}: dora needs a store to record into: give dora: [db: …] or set CICD_DORA_DB")
        }
        return dora as Map
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
