package dev.magnus.rollback;

/** Name how a checkpoint's payload bytes are compressed; stores persist it with the descriptor. */
public enum Compression {
  /** The payload is the encoded state as is. */
  NONE,
  /** The payload is the encoded state compressed with {@link java.util.zip.Deflater}. */
  DEFLATE
}
