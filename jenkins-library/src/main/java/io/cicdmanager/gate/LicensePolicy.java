package io.cicdmanager.gate;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which licences a build may ship: nothing on {@code deny}; and, when {@code allow} is not empty, only what is on it.
 * SPDX identifiers match case-insensitively, as the SPDX specification says they should.
 */
public record LicensePolicy(List<String> deny, List<String> allow) {
    public LicensePolicy {
        deny = List.copyOf(deny);
        allow = List.copyOf(allow);
    }

    public static LicensePolicy none() {
        return new LicensePolicy(List.of(), List.of());
    }

    /** Whether one licence (an SPDX id, a {@code X WITH Y} term, or a free-text licence name) is acceptable. */
    public boolean accepts(String licence) {
        String key = normalise(licence);
        if (lower(deny).contains(key)) {
            return false;
        }
        return allow.isEmpty() || lower(allow).contains(key);
    }

    /** Whether {@code licence} appears on either list, so that an exception term can be judged whole. */
    boolean names(String licence) {
        String key = normalise(licence);
        return lower(deny).contains(key) || lower(allow).contains(key);
    }

    private static Set<String> lower(List<String> names) {
        return names.stream().map(LicensePolicy::normalise).collect(Collectors.toSet());
    }

    private static String normalise(String licence) {
        return licence.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
