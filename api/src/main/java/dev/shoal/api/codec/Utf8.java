package dev.shoal.api.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: a malformed byte is a 400 naming its line, never a silent U+FFFD. */
final class Utf8 {
    private Utf8() {}

    static String decode(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int offset = firstInvalid(body);
            throw ManifestCodec.badBody("invalid UTF-8 at line " + lineOf(body, offset) + ", byte offset " + offset);
        }
    }

    private static int firstInvalid(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private static int lineOf(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < body.length; i++) if (body[i] == '\n') line++;
        return line;
    }
}
