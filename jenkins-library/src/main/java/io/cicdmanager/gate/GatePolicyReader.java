package io.cicdmanager.gate;

import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a gate policy YAML file and validates every field, so that an invalid policy stops the build with the file,
 * line and field that are wrong (exit 2) before any report is judged.
 */
public final class GatePolicyReader {
    /** Where the default policy lives, in the jar and for Jenkins' {@code libraryResource}. */
    public static final String DEFAULT_RESOURCE = "io/cicdmanager/gate/default-policy.yaml";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private GatePolicyReader() {
    }

    public static GatePolicy read(Path file, String displayName) {
        return parse(ConfigReader.read(file, displayName));
    }

    /** The policy shipped with cicd: the default gate matrix of docs/gates.md. */
    public static GatePolicy defaultPolicy() {
        try (InputStream in = GatePolicyReader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse(ConfigReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "default-policy.yaml (built in)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GatePolicy parse(ConfigNode root) {
        root.allowOnly("gates", "deltaGates", "licenses");
        Set<String> ids = new HashSet<>();
        List<GatePolicy.Gate> gates = new ArrayList<>();
        for (ConfigNode g : root.list("gates")) {
            g.allowOnly("id", "metric", "op", "threshold", "blocking", "bypassable");
            String id = id(g, ids);
            String metric = metric(g);
            String symbol = g.string("op");
            Comparison op = Comparison.fromSymbol(symbol).orElseThrow(() -> g.get("op").error(
                    "'" + symbol + "' is not one of " + Comparison.symbols() + " (quote it in YAML: op: \">=\")"));
            BigDecimal threshold = g.decimal("threshold");
            gates.add(new GatePolicy.Gate(id, metric, op, threshold, g.bool("blocking", true),
                    g.bool("bypassable", false)));
        }
        List<GatePolicy.DeltaGate> deltas = new ArrayList<>();
        for (ConfigNode g : root.list("deltaGates")) {
            g.allowOnly("id", "metric", "maxDrop", "blocking", "bypassable");
            String id = id(g, ids);
            String metric = metric(g);
            BigDecimal maxDrop = g.decimal("maxDrop");
            if (maxDrop.signum() < 0) {
                throw g.get("maxDrop").error("must not be negative");
            }
            deltas.add(new GatePolicy.DeltaGate(id, metric, maxDrop, g.bool("blocking", true),
                    g.bool("bypassable", false)));
        }
        if (gates.isEmpty() && deltas.isEmpty()) {
            throw new ConfigException(root.source(), root.line(), 0, "gates", "the policy has no gates");
        }
        LicensePolicy licenses = LicensePolicy.none();
        if (root.has("licenses")) {
            ConfigNode l = root.get("licenses").allowOnly("deny", "allow");
            licenses = new LicensePolicy(l.strings("deny"), l.strings("allow"));
        }
        return new GatePolicy(root.source(), gates, deltas, licenses);
    }

    private static String id(ConfigNode gate, Set<String> seen) {
        String id = gate.string("id");
        if (!ID.matcher(id).matches()) {
            throw gate.get("id").error("'" + id + "' is not a gate id (letters, digits, '.', '_', '-')");
        }
        if (!seen.add(id)) {
            throw gate.get("id").error("'" + id + "' is used by another gate");
        }
        return id;
    }

    private static String metric(ConfigNode gate) {
        String metric = gate.string("metric");
        if (MetricCatalog.kindsOf(metric).isEmpty()) {
            throw gate.get("metric").error("'" + metric + "' is not a metric; metrics: "
                    + String.join(", ", MetricCatalog.keys()));
        }
        return metric;
    }
}
