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
    int length = value.length();
    room(length + 12);
    size = digits(length, bytes, size);
    bytes[size++] = ':';
    text(value);
    room(1);
    bytes[size++] = ';';
    return this;
  }

  /** Write {@code n} (not negative) in decimal at {@code at}; return the position after it. */
  private static int digits(int n, byte[] into, int at) {
    int end = at + (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : Integer.toString(n).length());
    for (int i = end - 1, v = n; i >= at; i--, v /= 10) {
      into[i] = (byte) ('0' + v % 10);
    }
    return end;
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
    int length = value.length();
    room(length);
    byte[] into = bytes; // locals: the loop neither reloads nor stores a field per character
    int start = size;
    for (int i = 0; i < length; i++) {
      char ch = value.charAt(i);
      if (ch >= 0x80) { // as String.getBytes writes it, unpaired surrogates included
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, start, utf8.length);
        size = start + utf8.length;
        return this;
      }
      into[start + i] = (byte) ch;
    }
    size = start + length;
    return this;
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
