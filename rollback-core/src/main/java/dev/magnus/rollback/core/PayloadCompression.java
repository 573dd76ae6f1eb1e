package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.CompressionConfig;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflate encoded states above the configured threshold and inflate them back with a hard bound.
 *
 * <p>A payload is kept compressed only when that saves bytes. Inflation never produces more than the
 * descriptor's {@code rawSize}: a payload that would (a "zip bomb" or corruption) is rejected, so a
 * hostile store cannot make the engine allocate without limit. Thread-safe: a new
 * Deflater/Inflater per call, ended in {@code finally}.
 */
final class PayloadCompression {
  private final CompressionConfig config;

  PayloadCompression(CompressionConfig config) {
    this.config = config;
  }

  /** The stored form of an encoded state and how it is compressed. */
  record Packed(byte[] bytes, Compression compression) {}

  /** A stored payload and the length of the encoding it holds. */
  record Sized(Packed packed, long rawLength) {}

  /** Tell whether a payload of {@code rawLength} bytes is deflated (compression on and above the threshold). */
  boolean deflates(long rawLength) {
    return config.enabled() && rawLength > config.thresholdBytes();
  }

  Sized sized(byte[] raw) {
    return new Sized(pack(raw), raw.length);
  }

  Packed pack(byte[] raw) {
    if (!config.enabled() || raw.length <= config.thresholdBytes()) {
      return new Packed(raw, Compression.NONE);
    }
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(raw);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      byte[] packed = out.toByteArray();
      return packed.length < raw.length ? new Packed(packed, Compression.DEFLATE) : new Packed(raw, Compression.NONE);
    } finally {
      deflater.end();
    }
  }

  /** Return the CRC-32C of a payload as compressed, in 8 lowercase hex digits ({@link Checkpoint#CHECKSUM}). */
  static String checksum(byte[] packed) {
    CRC32C crc = new CRC32C();
    crc.update(packed);
    String hex = Long.toHexString(crc.getValue());
    return "0".repeat(8 - hex.length()) + hex;
  }

  /**
   * Return the encoded state.
   *
   * @throws IllegalArgumentException if the payload does not inflate to exactly rawSize bytes
   */
  static byte[] unpack(byte[] stored, Compression compression, long rawSize) {
    if (compression == Compression.NONE) {
      return stored;
    }
    if (rawSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("rawSize " + rawSize + " is too large to inflate");
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      byte[] raw = new byte[(int) rawSize];
      int n = 0;
      while (n < raw.length && !inflater.finished()) {
        int got = inflater.inflate(raw, n, raw.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != raw.length || !inflater.finished()) {
        throw new IllegalArgumentException("deflated payload does not inflate to its recorded " + rawSize + " bytes");
      }
      return raw;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("deflated payload is damaged: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
