package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A checkpoint's chain hash: the hash of its parent's chain hash and its descriptor's fields, each
 * written as {@code <length in chars>:<UTF-8 bytes>;} (the labels preceded by their count and
 * {@code ;}, then each key and value), so that no field can be shifted into another. Built in a
 * per-thread buffer: a restore checks one per record it reads. Thread-safe.
 */
final class ChainHash {
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  private ChainHash() {}

  /** Return the chain hash of {@code c} (its own {@code chainHash} field is not read) under {@code parent}'s. */
  static String of(Hasher hasher, Checkpoint c, String parentChainHash) {
    Buffer b = BUFFERS.get();
    b.size = 0;
    b.field(parentChainHash).field(c.id().value()).field(c.sessionId()).field(Long.toString(c.sequence()))
        .field(c.parentId().map(CheckpointId::value).orElse("")).field(c.type().name()).field(c.description())
        .field(c.createdAt().toString()).ascii(Integer.toString(c.labels().size())).ascii(";");
    c.labels().forEach((k, v) -> b.field(k).field(v));
    b.field(c.stateHash()).field(c.compression().name());
    return hasher.hex(b.bytes, b.size);
  }

  /** A growable byte buffer, reused by one thread. */
  private static final class Buffer {
    private byte[] bytes = new byte[512];
    private int size;

    Buffer field(String value) {
      return ascii(Integer.toString(value.length())).ascii(":").text(value).ascii(";");
    }

    Buffer ascii(String text) {
      room(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
      return this;
    }

    private Buffer text(String value) {
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) >= 0x80) { // as String.getBytes writes it, unpaired surrogates included
          byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
          room(utf8.length);
          System.arraycopy(utf8, 0, bytes, size, utf8.length);
          size += utf8.length;
          return this;
        }
      }
      return ascii(value);
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
