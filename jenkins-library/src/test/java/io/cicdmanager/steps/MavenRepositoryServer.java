package io.cicdmanager.steps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A Maven repository over real HTTP, as a team's Nexus or Artifactory serves one: files under a directory in the
 * repository layout, 404 for what is not there, and optionally a login (HTTP basic) as a private repository asks.
 * It lays out a cicd release as {@code ./mvnw deploy} publishes it.
 */
public final class MavenRepositoryServer implements AutoCloseable {
    private final Path root;
    private final HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile String login;

    public MavenRepositoryServer(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The URL a team would set as CICD_MAVEN_REPOSITORY. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repository/maven-releases/";
    }

    /** Paths requested, in order, relative to {@link #url()}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Asks every request for this user and password, as a private repository does. */
    public void requireLogin(String user, String password) {
        login = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Publishes {@code jar} as io.cicdmanager:cicd:{@code version} with its .sha256, as ./mvnw deploy does: a
     * release under its version, a snapshot under a timestamp named by maven-metadata.xml. Returns the jar's path
     * in the repository.
     */
    public Path publish(String version, byte[] jar) throws IOException {
        Path dir = Files.createDirectories(root.resolve("io/cicdmanager/cicd").resolve(version));
        String fileVersion = version;
        if (version.endsWith("-SNAPSHOT")) {
            String timestamp = "20261126.120000";
            fileVersion = version.replace("-SNAPSHOT", "-" + timestamp + "-1");
            Files.writeString(dir.resolve("maven-metadata.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <metadata modelVersion="1.1.0">
                      <groupId>io.cicdmanager</groupId>
                      <artifactId>cicd</artifactId>
                      <versioning>
                        <snapshot>
                          <timestamp>%s</timestamp>
                          <buildNumber>1</buildNumber>
                        </snapshot>
                      </versioning>
                      <version>%s</version>
                    </metadata>
                    """.formatted(timestamp, version));
        }
        Path file = dir.resolve("cicd-" + fileVersion + ".jar");
        Files.write(file, jar);
        Files.writeString(dir.resolve(file.getFileName() + ".sha256"), sha256(jar));
        return file;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String prefix = "/repository/maven-releases/";
            String path = exchange.getRequestURI().getPath();
            requests.add(path.startsWith(prefix) ? path.substring(prefix.length()) : path);
            if (login != null && !login.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"maven\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Path file = path.startsWith(prefix) ? root.resolve(path.substring(prefix.length())).normalize() : null;
            if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
