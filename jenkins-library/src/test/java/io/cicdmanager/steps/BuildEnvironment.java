package io.cicdmanager.steps;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pipeline's {@code env}: the agent's environment under the build's variables, seen through the {@code withEnv}
 * and {@code withCredentials} blocks the calling branch is in. As in Jenkins, a block's variables belong to the
 * branch that opened it: a parallel branch starts with its parent's and never sees a sibling's.
 */
final class BuildEnvironment extends AbstractMap<String, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> agent;
    private final Map<String, Object> build = Collections.synchronizedMap(new LinkedHashMap<>());
    private final transient InheritableThreadLocal<Map<String, String>> blocks = new InheritableThreadLocal<>() {
        @Override
        protected Map<String, String> initialValue() {
            return Map.of();
        }
    };

    BuildEnvironment(Map<String, String> agent) {
        this.agent = agent;
    }

    /** The build-level variables only: what is left when every block has closed. */
    Map<String, Object> build() {
        return build;
    }

    /** Runs {@code body} with {@code variables} added for this branch, as withEnv does. */
    <T> T with(Map<String, String> variables, Supplier<T> body) {
        Map<String, String> saved = blocks.get();
        Map<String, String> inside = new LinkedHashMap<>(saved);
        inside.putAll(variables);
        blocks.set(Map.copyOf(inside));
        try {
            return body.get();
        } finally {
            blocks.set(saved);
        }
    }

    /** Everything a {@code sh} step of this branch sees from the build. */
    Map<String, String> forShell() {
        Map<String, String> all = new LinkedHashMap<>(agent);
        synchronized (build) {
            build.forEach((k, v) -> all.put(k, String.valueOf(v)));
        }
        all.putAll(blocks.get());
        return all;
    }

    @Override
    public Object get(Object key) {
        String inBlock = blocks.get().get(key);
        if (inBlock != null) {
            return inBlock;
        }
        Object inBuild = build.get(key);
        return inBuild != null ? inBuild : agent.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return blocks.get().containsKey(key) || build.containsKey(key) || agent.containsKey(key);
    }

    @Override
    public Object put(String key, Object value) {
        return build.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return build.remove(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>(forShell());
        return all.entrySet();
    }

    /** The pipeline is serialised at every step under CPS: it sees a plain copy. */
    private Object writeReplace() {
        return new LinkedHashMap<>(forShell());
    }
}
