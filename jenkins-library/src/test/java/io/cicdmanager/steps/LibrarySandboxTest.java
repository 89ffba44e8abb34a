package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A team may load the library as a folder-level (sandboxed) library, where every call outside script-security's
 * whitelists waits for an administrator's approval. The library's code uses none of the calls that commonly need
 * one; the step tests run the rest of it.
 */
class LibrarySandboxTest {
    /** What needs script approval in a sandbox, and what to use instead. */
    private static final Map<String, String> NEEDS_APPROVAL = Map.ofEntries(
            Map.entry("JsonSlurperClassic", "readJSON(file: …, returnPojo: true)"),
            Map.entry("new File(", "readFile, writeFile, fileExists"),
            Map.entry("java.io.File", "readFile, writeFile, fileExists"),
            Map.entry(".execute()", "sh"),
            Map.entry("Class.forName", "nothing: the library names its classes"),
            Map.entry("System.getenv", "env"),
            Map.entry("System.getProperty", "env"),
            Map.entry("new Thread", "parallel"),
            Map.entry("Thread.sleep", "sleep or waitUntil"),
            Map.entry("@Grab", "a step"),
            Map.entry("evaluate(", "a step"),
            Map.entry(".metaClass", "plain calls"),
            Map.entry("Jenkins.instance", "a step"),
            Map.entry("Jenkins.get(", "a step"),
            Map.entry("getRawBuild", "currentBuild's whitelisted fields"),
            Map.entry(".getCauses()", "an input parameter naming the person"),
            Map.entry("new URL(", "sh with curl, on the agent"));

    @Test
    void theLibraryNeedsNoScriptApproval() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : groovyFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("^\\s*(\\*|//).*", "");
                for (Map.Entry<String, String> call : NEEDS_APPROVAL.entrySet()) {
                    if (code.contains(call.getKey())) {
                        found.add(PipelineTestBase.REPOSITORY.relativize(file) + ":" + (i + 1) + ": " + call.getKey()
                                + " needs script approval; use " + call.getValue());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCheckSeesTheLibrary() throws IOException {
        assertThat(groovyFiles()).extracting(f -> f.getFileName().toString())
                .contains("qualityGate.groovy", "canaryRollout.groovy", "CicdCli.groovy", "ShippedChanges.groovy");
    }

    private static List<Path> groovyFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("vars", "src")) {
            try (Stream<Path> walk = Files.walk(PipelineTestBase.REPOSITORY.resolve(root))) {
                walk.filter(f -> f.toString().endsWith(".groovy")).forEach(files::add);
            }
        }
        return files;
    }
}
