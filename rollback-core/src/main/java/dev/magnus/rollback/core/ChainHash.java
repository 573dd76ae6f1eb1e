package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;

/**
 * A checkpoint's chain hash: the hash of its parent's chain hash and its descriptor's fields, each
 * written as {@code <length in chars>:<UTF-8 bytes>;} (the labels preceded by their count and
 * {@code ;}, then each key and value), so that no field can be shifted into another. Built in a
 * per-thread buffer ({@link FieldText}): a restore checks one per record it reads. Thread-safe.
 */
final class ChainHash {
  private ChainHash() {}

  /** Return the chain hash of {@code c} (its own {@code chainHash} field is not read) under {@code parent}'s. */
  static String of(Hasher hasher, Checkpoint c, String parentChainHash) {
    FieldText b = FieldText.reset();
    b.field(parentChainHash).field(c.id().value()).field(c.sessionId()).field(Long.toString(c.sequence()))
        .field(c.parentId().map(CheckpointId::value).orElse("")).field(c.type().name()).field(c.description())
        .field(InstantText.of(c.createdAt())).ascii(Integer.toString(c.labels().size())).ascii(";");
    c.labels().forEach((k, v) -> b.field(k).field(v));
    b.field(c.stateHash()).field(c.compression().name());
    return b.hash(hasher);
  }
}
