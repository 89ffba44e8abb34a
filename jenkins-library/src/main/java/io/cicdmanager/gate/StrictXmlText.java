package io.cicdmanager.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XML report's bytes as text, decoded here rather than by the parser: in the encoding its declaration names
 * (UTF-8 when it names none, as XML says; a UTF-8 byte order mark is skipped), refusing bytes that are not text in it with the line and
 * column where they stand. The JDK's parser, left to decode, reports such bytes by also printing a
 * {@code [Fatal Error]} line on standard error that nothing can turn off.
 */
final class StrictXmlText extends Reader {
    private static final int SNIFF = 1024;
    private static final Pattern DECLARED = Pattern.compile(
            "^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean eof;
    private boolean flushed;
    private int line = 1;
    private int column = 1;
    private IOException failure;

    private StrictXmlText(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Bytes that are not text in the report's encoding, and where. */
    static final class NotText extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        NotText(int line, int column, Charset charset) {
            super("not " + charset.name() + " text: a byte sequence that is not a character in it");
            this.line = line;
            this.column = column;
        }
    }

    /** The text of {@code in}, whose first bytes say its encoding; {@code in} must support mark and reset. */
    static Reader of(InputStream in, String name) throws IOException {
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        int bom = 0;
        Charset charset;
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else {
            charset = declared(new String(head, StandardCharsets.ISO_8859_1), name);
        }
        in.skipNBytes(bom);
        return new StrictXmlText(in, charset);
    }

    private static Charset declared(String head, String name) {
        Matcher m = DECLARED.matcher(head);
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw ReportException.at(name, 1, 0, "the XML declaration names the encoding " + m.group(1)
                    + ", which this Java does not know");
        }
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        if (flushed) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                // What decoded before the bad bytes is read first; the failure, where they stand, on the next read.
                count(buffer, offset, out.position());
                failure = new NotText(line, column, charset);
                if (out.position() > offset) {
                    return out.position() - offset;
                }
                throw failure;
            }
            if (result.isOverflow()) {
                break;
            }
            if (eof) {
                if (!flushed) {
                    decoder.flush(out);
                    flushed = true;
                }
                if (out.position() == offset) {
                    return -1;
                }
                break;
            }
            fill();
        }
        count(buffer, offset, out.position());
        return out.position() - offset;
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void count(char[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
