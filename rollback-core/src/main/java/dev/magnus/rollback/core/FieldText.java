package dev.magnus.rollback.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text the checkpoint and audit hashes are taken over, built as bytes: each field written as
 * {@code <length in chars>:<UTF-8 bytes>;}, so that no field can be shifted into another. One growable
 * buffer per thread ({@link #reset()}), reused, instead of a string built and encoded for each hash.
 * Not thread-safe: an instance belongs to the thread that reset it, until it hashes.
 */
final class FieldText {
  private static final ThreadLocal<FieldText> BUFFERS = ThreadLocal.withInitial(FieldText::new);
  private byte[] bytes = new byte[512];
  private int size;

  private FieldText() {}

  /** Return this thread's buffer, emptied. */
  static FieldText reset() {
    FieldText b = BUFFERS.get();
    b.size = 0;
    return b;
  }

  /** Append {@code <length>:<value>;}. */
  FieldText field(String value) {
    return ascii(Integer.toString(value.length())).ascii(":").text(value).ascii(";");
  }

  /** Append text known to be ASCII, byte by byte. */
  FieldText ascii(String text) {
    room(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Return the hex hash of what was appended. */
  String hash(Hasher hasher) {
    return hasher.hex(bytes, size);
  }

  private FieldText text(String value) {
    room(value.length());
    int start = size;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch >= 0x80) { // as String.getBytes writes it, unpaired surrogates included
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        size = start;
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
      }
      bytes[size++] = (byte) ch;
    }
    return this;
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
