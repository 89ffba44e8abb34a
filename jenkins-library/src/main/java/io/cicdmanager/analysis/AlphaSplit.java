package io.cicdmanager.analysis;

import java.util.Map;

/**
 * Where a judge's share of the analysis' alpha goes: divided by the number of judges in the analysis (Bonferroni),
 * then, where the canary's pods are judged too, half to the canary as a whole and half to its pods, the i-th pod to
 * appear getting 1/(i(i+1)) of that half. A union bound over the tests keeps the judge's share.
 */
final class AlphaSplit {
    private AlphaSplit() {
    }

    /** The evidence that reached its threshold first, the whole canary's before any pod's, and the pod, if it was one. */
    record Finding(Evidence evidence, String pod) {
    }

    /**
     * @param wholeLog the whole canary's log evidence
     * @param podsLog  each pod's log evidence, in the order the pods appeared
     */
    static Finding regression(double alpha, int family, boolean perPod, double wholeLog, Map<String, Double> podsLog) {
        double share = alpha / family;
        Evidence whole = Evidence.ofLog(wholeLog, 1 / (perPod ? share / 2 : share), alpha);
        if (whole.reached()) {
            return new Finding(whole, null);
        }
        int i = 0;
        for (Map.Entry<String, Double> pod : podsLog.entrySet()) {
            i++;
            Evidence e = Evidence.ofLog(pod.getValue(), 1 / (share / 2 / (i * (i + 1.0))), alpha);
            if (e.reached()) {
                return new Finding(e, pod.getKey());
            }
        }
        return new Finding(whole, null);
    }
}
