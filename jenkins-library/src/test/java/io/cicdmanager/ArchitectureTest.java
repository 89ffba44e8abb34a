package io.cicdmanager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's "Packages depend downwards only" as rules over the engine's classes: each package depends
 * on the packages that sentence names and on the utilities, on nothing else of ours, and only where it says so on
 * Kubernetes (Fabric8); nothing circles. A new package fails here until the page and this table place it.
 */
class ArchitectureTest {
    private static final String ROOT = "io.cicdmanager";
    private static final String KUBERNETES = "io.fabric8..";

    /**
     * What every other package may use: configuration files, JSON, time (and the root's two exceptions); among
     * themselves they depend only as their own entries say.
     */
    private static final Set<String> UTILITIES = Set.of("config", "json", "time");

    /** Each package, what it may depend on besides the utilities, and whether it may touch Kubernetes. */
    private record Layer(Set<String> dependsOn, boolean kubernetes) {
    }

    private static final Map<String, Layer> LAYERS = Map.ofEntries(
            Map.entry("config", new Layer(Set.of("json"), false)),
            Map.entry("json", new Layer(Set.of(), false)),
            Map.entry("time", new Layer(Set.of(), false)),
            Map.entry("audit", new Layer(Set.of(), false)),
            Map.entry("analysis", new Layer(Set.of(), false)),
            Map.entry("gate", new Layer(Set.of("audit"), false)),
            Map.entry("model", new Layer(Set.of("analysis"), false)),
            Map.entry("dora", new Layer(Set.of("model"), false)),
            Map.entry("kube", new Layer(Set.of("model", "analysis", "audit"), true)),
            Map.entry("traffic", new Layer(Set.of("kube"), true)),
            Map.entry("rollout", new Layer(Set.of("traffic", "analysis", "kube", "model", "audit"), true)),
            Map.entry("cli", new Layer(Set.of("gate", "rollout", "traffic", "analysis", "kube", "model", "dora",
                    "audit"), true)));

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    private static Set<String> packages() {
        Set<String> found = new TreeSet<>();
        for (JavaClass c : ENGINE) {
            String p = c.getPackageName();
            if (p.startsWith(ROOT + ".")) {
                found.add(p.substring(ROOT.length() + 1).split("\\.")[0]);
            }
        }
        return found;
    }

    @Test
    void everyPackageHasItsPlaceOnTheMap() {
        assertThat(LAYERS.keySet()).as("docs/architecture.md places every package of the engine")
                .containsExactlyInAnyOrderElementsOf(packages());
    }

    @Test
    void eachPackageDependsOnlyOnWhatTheMapSays() {
        for (Map.Entry<String, Layer> e : LAYERS.entrySet()) {
            String name = e.getKey();
            List<String> forbidden = new ArrayList<>();
            for (String other : LAYERS.keySet()) {
                boolean utility = UTILITIES.contains(other) && !UTILITIES.contains(name);
                if (!other.equals(name) && !utility && !e.getValue().dependsOn().contains(other)) {
                    forbidden.add(ROOT + "." + other + "..");
                }
            }
            if (!e.getValue().kubernetes()) {
                forbidden.add(KUBERNETES);
            }
            noClasses().that().resideInAPackage(ROOT + "." + name + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("docs/architecture.md: " + name + " depends on " + (e.getValue().dependsOn().isEmpty()
                            ? "no other package but the utilities" : String.join(", ", e.getValue().dependsOn()))
                            + (e.getValue().kubernetes() ? "" : ", and on no Kubernetes code"))
                    .check(ENGINE);
        }
    }

    @Test
    void nothingCircles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(ENGINE);
    }
}
