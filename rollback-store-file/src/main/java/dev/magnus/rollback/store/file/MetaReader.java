package dev.magnus.rollback.store.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Read the big-endian fields of a meta section (or of a segment summary) from a byte array, without
 * a stream or a copy per field.
 *
 * <p>Design: a cursor over {@code bytes[position, end)}. Every read checks the bound first and throws
 * an {@link EOFException} naming what ran past the end; a count or string length larger than what is
 * left is refused before anything is allocated. Strings are strict UTF-8: ASCII (the common case: ids,
 * hashes, enum names) is copied as it is, anything else goes through a decoder that reports malformed
 * input instead of replacing it. It replaced {@code DataInputStream} because decoding descriptors was
 * most of the cost of reopening a store (a new decoder and buffers per string). Not thread-safe; one
 * reader per section.
 */
final class MetaReader {
  private final byte[] bytes;
  private int position;
  private final int end;

  MetaReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  MetaReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  int remaining() {
    return end - position;
  }

  int position() {
    return position;
  }

  private int take(int n, String what) throws EOFException {
    if (n > end - position) {
      throw new EOFException(what + " of " + n + " bytes runs past the end (" + (end - position) + " left)");
    }
    int at = position;
    position += n;
    return at;
  }

  int u8() throws EOFException {
    return bytes[take(1, "byte")] & 0xff;
  }

  /** A boolean byte: any value but 0 is true, as {@code DataInputStream.readBoolean} read it. */
  boolean bool() throws EOFException {
    return u8() != 0;
  }

  int i32() throws EOFException {
    int at = take(4, "int");
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
  }

  long i64() throws EOFException {
    return (long) i32() << 32 | i32() & 0xffffffffL;
  }

  /** A u32 count that must not exceed the bytes left (each counted item takes at least one byte). */
  int count() throws IOException {
    int n = i32();
    if (n < 0 || n > remaining()) {
      throw new IOException("count " + n + " runs past the section (" + remaining() + " bytes left)");
    }
    return n;
  }

  /** Skip {@code n} bytes and return where they begin. */
  int skip(int n) throws EOFException {
    return take(n, "field");
  }

  String str() throws IOException {
    int n = count();
    int at = take(n, "string");
    for (int i = at; i < at + n; i++) {
      if (bytes[i] < 0) {
        return strict(at, n);
      }
    }
    return new String(bytes, at, n, StandardCharsets.ISO_8859_1); // all ASCII: the same characters
  }

  private String strict(int at, int n) throws CharacterCodingException {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return d.decode(ByteBuffer.wrap(bytes, at, n)).toString();
  }

  /** Fail if anything is left. */
  void end() throws IOException {
    if (position != end) {
      throw new IOException((end - position) + " trailing bytes in the meta section");
    }
  }
}
