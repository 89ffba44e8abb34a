package io.cicdmanager.steps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the engine inside the test for the {@link EngineClient} processes a step's shell starts: one thread per
 * call, several at once (a rollout and the promotion asked beside it). A client that dies (killed with its shell)
 * interrupts its call, as a killed engine process stops.
 */
final class EngineServer implements AutoCloseable {
    /** One engine run: a command line with its directory, environment and output streams; returns the exit code. */
    @FunctionalInterface
    interface Engine {
        int run(Path workingDir, Map<String, String> env, PrintWriter out, PrintWriter err, String[] args);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Engine engine;
    private final Set<Thread> calls = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    EngineServer(Path directory, Engine engine) throws IOException {
        this.socket = directory.resolve("engine.sock");
        this.engine = engine;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "engine-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Writes an executable {@code cicd} into {@code binDir} that runs the engine here: the shim an agent's PATH or
     * {@code CICD_CLI} can name.
     */
    Path writeExecutable(Path binDir) throws IOException {
        Files.createDirectories(binDir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classes = Path.of(toUri(EngineClient.class)).toString();
        Path cicd = binDir.resolve("cicd");
        Files.writeString(cicd, "#!/bin/sh\n"
                + "exec " + ShellQuote.quote(java.toString())
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"
                + " -D" + EngineClient.SOCKET_PROPERTY + "=" + ShellQuote.quote(socket.toString())
                + " -cp " + ShellQuote.quote(classes) + " " + EngineClient.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(cicd, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cicd;
    }

    private static java.net.URI toUri(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread call = new Thread(() -> serve(channel), "engine-call");
                call.setDaemon(true);
                calls.add(call);
                call.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(EngineClient.input(channel)));
            Path workingDir = Path.of(EngineClient.readString(in));
            Map<String, String> env = new LinkedHashMap<>();
            int vars = in.readInt();
            for (int i = 0; i < vars; i++) {
                env.put(EngineClient.readString(in), EngineClient.readString(in));
            }
            String[] args = new String[in.readInt()];
            for (int i = 0; i < args.length; i++) {
                args[i] = EngineClient.readString(in);
            }
            Thread caller = Thread.currentThread();
            Thread hangUp = new Thread(() -> {
                try {
                    // The client sends nothing more: end of stream means it died, as a killed engine would.
                    if (in.read() < 0) {
                        caller.interrupt();
                    }
                } catch (IOException e) {
                    caller.interrupt();
                }
            }, "engine-call-hangup");
            hangUp.setDaemon(true);
            hangUp.start();
            DataOutputStream answer = new DataOutputStream(EngineClient.output(channel));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(new Frames(answer, EngineClient.STDOUT),
                    StandardCharsets.UTF_8), true);
            PrintWriter err = new PrintWriter(new OutputStreamWriter(new Frames(answer, EngineClient.STDERR),
                    StandardCharsets.UTF_8), true);
            int code = engine.run(workingDir, env, out, err, args);
            out.flush();
            err.flush();
            synchronized (answer) {
                answer.writeByte(EngineClient.EXIT);
                answer.writeInt(code);
                answer.flush();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            calls.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        calls.forEach(Thread::interrupt);
        Files.deleteIfExists(socket);
    }

    /** Bytes written to it go to the client as frames of one stream. */
    private static final class Frames extends OutputStream {
        private final DataOutputStream channel;
        private final int type;

        Frames(DataOutputStream channel, int type) {
            this.channel = channel;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (channel) {
                channel.writeByte(type);
                channel.writeInt(len);
                channel.write(b, off, len);
                channel.flush();
            }
        }
    }
}
