package io.cicdmanager.steps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code cicd} a step test's agent has on its PATH: a small process that hands its arguments, working directory
 * and environment to the engine running inside the test (so the engine sees the test's virtual time and in-process
 * API server), then writes the engine's standard output and error as they come and exits with its code. The
 * shell, its quoting and redirections, and the step's way of finding the engine stay real.
 */
public final class EngineClient {
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int EXIT = 3;
    /** The system property naming the engine's socket. */
    static final String SOCKET_PROPERTY = "cicd.test.engine";

    private EngineClient() {
    }

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(System.getProperty(SOCKET_PROPERTY));
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataOutputStream request = new DataOutputStream(new java.io.BufferedOutputStream(output(channel)));
            writeString(request, Path.of("").toAbsolutePath().toString());
            Map<String, String> env = System.getenv();
            request.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                writeString(request, e.getKey());
                writeString(request, e.getValue());
            }
            request.writeInt(args.length);
            for (String arg : args) {
                writeString(request, arg);
            }
            request.flush();
            DataInputStream answer = new DataInputStream(new java.io.BufferedInputStream(input(channel)));
            while (true) {
                int type = answer.readByte();
                int length = answer.readInt();
                if (type == EXIT) {
                    System.out.flush();
                    System.err.flush();
                    System.exit(length);
                }
                byte[] bytes = answer.readNBytes(length);
                if (type == STDOUT) {
                    System.out.write(bytes);
                    System.out.flush();
                } else {
                    System.err.write(bytes);
                    System.err.flush();
                }
            }
        }
    }

    /**
     * The channel's reads as a stream. Not {@code Channels.newInputStream}: its streams lock the channel for every
     * read and write together, so a blocked read would stop writes.
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** The channel's writes as a stream, written whole. */
    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
