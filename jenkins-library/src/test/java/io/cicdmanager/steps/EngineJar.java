package io.cicdmanager.steps;

import io.cicdmanager.cli.Cicd;
import io.cicdmanager.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A runnable jar of the engine for install tests: the real engine classes, reached through the manifest's
 * Class-Path (the test's class path), so {@code java -jar} runs real cicd commands without the all-in-one jar,
 * which the tui module builds later.
 */
public final class EngineJar {
    private EngineJar() {
    }

    /** The engine's {@code main}, as the all-in-one jar's is, without the terminal's commands. */
    public static void main(String[] args) {
        System.exit(Cicd.execute(CliContext.system(), args));
    }

    /** A jar whose main class is {@code mainClass} with the test's class path. */
    public static byte[] build(Class<?> mainClass) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An engine that says it is another version: what a repository holding the wrong file serves. */
    public static final class OtherVersion {
        private OtherVersion() {
        }

        public static void main(String[] args) {
            System.out.println("cicd 0.0.9");
        }
    }
}
