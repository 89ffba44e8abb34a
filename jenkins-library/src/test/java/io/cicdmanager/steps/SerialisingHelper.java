package io.cicdmanager.steps;

import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JenkinsPipelineUnit's CPS helper, serialising the program at every step as it does (so a step that keeps
 * something unserialisable fails as on Jenkins), with the classes of the stream looked up once per test: the
 * script class loader looks for a Groovy source of every class it is asked for, across the whole class path.
 */
final class SerialisingHelper extends PipelineTestHelperCPS {
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T roundtripSerialization(T object) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(object);
            }
            try (ObjectInputStream in = new ScriptObjectInput(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class ScriptObjectInput extends ObjectInputStream {
        ScriptObjectInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            Class<?> known = classes.get(desc.getName());
            if (known != null) {
                return known;
            }
            Class<?> found;
            try {
                found = Class.forName(desc.getName(), false, gse.getGroovyClassLoader());
            } catch (ClassNotFoundException e) {
                found = super.resolveClass(desc); // primitive types
            }
            classes.put(desc.getName(), found);
            return found;
        }
    }
}
