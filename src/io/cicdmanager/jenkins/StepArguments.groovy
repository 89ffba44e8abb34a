package io.cicdmanager.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The one argument checker of the steps, for their named arguments and for the maps inside them (dora:, bypass:,
 * triggers:): a misspelt name fails the step listing the known ones, and a missing required one is named. A
 * misspelt argument must never be silently ignored.
 */
class StepArguments implements Serializable {
    private static final long serialVersionUID = 1L

    /**
     * Fails the step when {@code given} has a name not in {@code known}, or lacks one of {@code required} (absent
     * or blank). {@code noun} names what is checked ('argument', 'dora argument', 'bypass field'); {@code why},
     * when given, follows the list of missing names.
     */
    static void check(def script, String step, Map given, Collection<String> known, Collection<String> required = [],
            String noun = 'argument', String why = null) {
        String problem = problem(given, known, required, noun, why)
        if (problem) {
            script.error("${step}: ${problem}")
        }
    }

    /** What is wrong with {@code given}, or null. */
    @NonCPS
    static String problem(Map given, Collection<String> known, Collection<String> required = [],
            String noun = 'argument', String why = null) {
        List<String> unknown = given.keySet().collect { it.toString() }.findAll { !(it in known) }.sort()
        if (unknown) {
            return "unknown ${noun}${unknown.size() > 1 ? 's' : ''} ${unknown.join(', ')}; " +
                    "known ${noun}s: ${(known as List).sort().join(', ')}"
        }
        List<String> missing = required.findAll { given[it] == null || given[it].toString().trim().isEmpty() }
        if (missing) {
            return "missing required ${noun}${missing.size() > 1 ? 's' : ''} ${missing.join(', ')}" +
                    (why ? ": ${why}" : '')
        }
        return null
    }
}
