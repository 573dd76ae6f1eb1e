package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.SessionState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * Deflate a session's full snapshots (with delta checkpoints on) reusing the deflated bytes of its
 * large attributes that did not change since the full snapshot before, so that a full snapshot of a
 * large state that changed a little costs the compression of what changed, not of the whole state.
 *
 * <p>Design: the payload is the document {@link StateCodec#encode} writes, byte for byte once
 * inflated, deflated as a zlib stream (what {@link PayloadCompression#unpack} reads) of independent
 * pieces: each attribute whose {@code "key":value} encodes to {@value #MIN_CACHED} bytes or more is
 * deflated on its own, the bytes between them (header, small attributes, separators, the link of a
 * linked snapshot) in runs; every piece ends in a sync flush (a byte boundary, no reference to bytes
 * before it), so pieces concatenate into one valid stream, closed by an empty final block and the
 * Adler-32 of the whole document (combined from the pieces'). A large attribute at the same position
 * with the same key and the same value object (values are deeply immutable) reuses its piece. The
 * pieces compress a little worse than one stream (no match reaches across a piece), at the Deflater
 * level the engine uses everywhere ({@link Deflater#BEST_SPEED}).
 *
 * <p>Memory: the deflated pieces of the large attributes of the last full snapshot (about their
 * compressed size). Not thread-safe: one instance per session, used under the session's lock.
 */
final class PackedFragments {
  /** Attributes whose encoding is at least this long are deflated, and kept, on their own. */
  static final int MIN_CACHED = 4096;
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};
  private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};
  private static final int ADLER_BASE = 65521;

  /** A deflated piece of the document: raw deflate ending in a sync flush, its raw length and Adler-32. */
  record Piece(byte[] deflated, long length, long adler) {}

  private String[] keys = new String[0];
  private Object[] values = new Object[0];
  private @Nullable Piece[] pieces = new Piece[0];

  /**
   * Return the deflated document of {@code state} (with {@code extra} after the attributes, as
   * {@link StateCodec#encode(SessionState, int, StateCodec.Extra)} writes it) and its raw length.
   */
  PayloadCompression.Sized pack(StateCodec codec, SessionState state, int schemaVersion, StateCodec.@Nullable Extra extra) {
    byte[] header = codec.encode(new SessionState(state.sessionId(), state.metadata(), state.revision(), Map.of()),
        schemaVersion); // ends in "attributes":{}}
    Map<String, Object> attributes = state.attributes();
    int n = attributes.size();
    String[] nextKeys = new String[n];
    Object[] nextValues = new Object[n];
    @Nullable Piece[] next = new Piece[n];
    byte[][] raw = new byte[n][];
    int i = 0;
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      nextKeys[i] = e.getKey();
      nextValues[i] = e.getValue();
      boolean same = i < keys.length && pieces[i] != null && values[i] == e.getValue() && keys[i].equals(e.getKey());
      next[i] = same ? pieces[i] : null;
      raw[i] = same ? new byte[0] : null; // reused: not encoded again
      i++;
    }
    AttributeFragments.writeMissing(codec, state, nextKeys, nextValues, raw);
    List<Piece> out = deflate(header, raw, next, tail(codec, state, extra));
    keys = nextKeys;
    values = nextValues;
    pieces = next;
    return assemble(out);
  }

  /**
   * Deflate the document: the header (without its closing {@code }}}), each attribute ({@code next}'s
   * piece where there is one or it is large, its raw bytes otherwise) and the tail, in pieces.
   */
  private static List<Piece> deflate(byte[] header, byte[][] raw, @Nullable Piece[] next, byte[] tail) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      List<Piece> out = new ArrayList<>();
      Run run = new Run();
      run.write(header, 0, header.length - 2); // keep "{" of the attributes object, drop "}}"
      for (int k = 0; k < raw.length; k++) {
        if (k > 0) {
          run.write(',');
        }
        if (next[k] == null && raw[k].length >= MIN_CACHED) {
          next[k] = piece(deflater, raw[k], raw[k].length);
        }
        Piece reused = next[k];
        if (reused != null) {
          run.flushTo(out, deflater);
          out.add(reused);
        } else {
          run.write(raw[k], 0, raw[k].length);
        }
      }
      run.write(tail, 0, tail.length);
      run.flushTo(out, deflater);
      return out;
    } finally {
      deflater.end();
    }
  }

  /** The bytes after the last attribute: the attributes' {@code }}, the extra fields, the document's {@code }}. */
  private static byte[] tail(StateCodec codec, SessionState state, StateCodec.@Nullable Extra extra) {
    if (extra == null) {
      return new byte[] {'}', '}'};
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = codec.factory().createGenerator(out)) {
      g.writeStartObject();
      extra.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new InvalidStateException("state of session '" + state.sessionId() + "' could not be encoded: "
          + e.getMessage(), state.sessionId(), e);
    }
    byte[] fields = out.toByteArray(); // {...}: the extra fields between braces
    if (fields.length == 2) {
      return new byte[] {'}', '}'};
    }
    byte[] tail = new byte[fields.length + 1];
    tail[0] = '}';
    tail[1] = ',';
    System.arraycopy(fields, 1, tail, 2, fields.length - 1); // ends in the document's '}'
    return tail;
  }

  /** Deflate {@code bytes[0, length)} on its own, ending in a sync flush. */
  static Piece piece(Deflater deflater, byte[] bytes, int length) {
    deflater.reset();
    deflater.setInput(bytes, 0, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 64);
    byte[] buffer = new byte[Math.min(64 * 1024, Math.max(512, length / 2))];
    int got;
    do {
      got = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, got);
    } while (got == buffer.length); // less than a full buffer: the flush is complete
    Adler32 adler = new Adler32();
    adler.update(bytes, 0, length);
    return new Piece(out.toByteArray(), length, adler.getValue());
  }

  /** Concatenate the pieces into one zlib stream. */
  static PayloadCompression.Sized assemble(List<Piece> pieces) {
    int size = ZLIB_HEADER.length + FINAL_EMPTY_BLOCK.length + 4;
    long length = 0;
    long adler = 1;
    for (Piece p : pieces) {
      size += p.deflated().length;
      length += p.length();
      adler = combine(adler, p.adler(), p.length());
    }
    byte[] stream = Arrays.copyOf(ZLIB_HEADER, size);
    int at = ZLIB_HEADER.length;
    for (Piece p : pieces) {
      System.arraycopy(p.deflated(), 0, stream, at, p.deflated().length);
      at += p.deflated().length;
    }
    stream[at++] = FINAL_EMPTY_BLOCK[0];
    stream[at++] = FINAL_EMPTY_BLOCK[1];
    for (int shift = 24; shift >= 0; shift -= 8) {
      stream[at++] = (byte) (adler >>> shift);
    }
    return new PayloadCompression.Sized(new PayloadCompression.Packed(stream, Compression.DEFLATE), length);
  }

  /** The Adler-32 of two byte sequences one after the other, from theirs and the second's length (zlib's adler32_combine). */
  static long combine(long first, long second, long secondLength) {
    long rem = secondLength % ADLER_BASE;
    long sum1 = first & 0xffff;
    long sum2 = (rem * sum1) % ADLER_BASE;
    sum1 += (second & 0xffff) + ADLER_BASE - 1;
    sum2 += ((first >>> 16) & 0xffff) + ((second >>> 16) & 0xffff) + ADLER_BASE - rem;
    sum1 %= ADLER_BASE;
    sum2 %= ADLER_BASE;
    return sum1 | (sum2 << 16);
  }

  /** The bytes between two large attributes, deflated as one piece when flushed. */
  private static final class Run extends ByteArrayOutputStream {
    Run() {
      super(4096);
    }

    void flushTo(List<Piece> out, Deflater deflater) {
      if (count > 0) {
        out.add(piece(deflater, buf, count));
        reset();
      }
    }
  }
}
