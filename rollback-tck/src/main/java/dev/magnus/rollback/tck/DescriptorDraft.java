package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Build a descriptor that differs from {@link TckCheckpoints#checkpoint} in the fields a case sets,
 * so each case reads as the one field it is about. Not thread-safe; one per case.
 */
final class DescriptorDraft {
  private CheckpointId id;
  private final String sessionId;
  private final long sequence;
  private Optional<CheckpointId> parentId;
  private CheckpointType type;
  private String description;
  private Instant createdAt;
  private Map<String, String> labels;
  private String stateHash;
  private String chainHash;
  private long rawSize;
  private long storedSize;
  private Compression compression;

  private DescriptorDraft(Checkpoint c) {
    id = c.id();
    sessionId = c.sessionId();
    sequence = c.sequence();
    parentId = c.parentId();
    type = c.type();
    description = c.description();
    createdAt = c.createdAt();
    labels = c.labels();
    stateHash = c.stateHash();
    chainHash = c.chainHash();
    rawSize = c.rawSize();
    storedSize = c.storedSize();
    compression = c.compression();
  }

  /** Start from the generated descriptor of a session's sequence, with a 16-byte payload. */
  static DescriptorDraft of(String sessionId, long sequence) {
    return new DescriptorDraft(TckCheckpoints.checkpoint(sessionId, sequence, CheckpointType.USER_REQUESTED, 16));
  }

  DescriptorDraft id(String value) {
    id = CheckpointId.of(value);
    return this;
  }

  DescriptorDraft parent(Optional<CheckpointId> value) {
    parentId = value;
    return this;
  }

  DescriptorDraft type(CheckpointType value) {
    type = value;
    return this;
  }

  DescriptorDraft description(String value) {
    description = value;
    return this;
  }

  DescriptorDraft createdAt(Instant value) {
    createdAt = value;
    return this;
  }

  DescriptorDraft labels(Map<String, String> value) {
    labels = value;
    return this;
  }

  DescriptorDraft stateHash(String value) {
    stateHash = value;
    return this;
  }

  DescriptorDraft chainHash(String value) {
    chainHash = value;
    return this;
  }

  DescriptorDraft rawSize(long value) {
    rawSize = value;
    return this;
  }

  DescriptorDraft storedSize(long value) {
    storedSize = value;
    return this;
  }

  DescriptorDraft compression(Compression value) {
    compression = value;
    return this;
  }

  Checkpoint build() {
    return new Checkpoint(id, sessionId, sequence, parentId, type, description, createdAt, labels, stateHash, chainHash,
        rawSize, storedSize, compression);
  }

  /** Build the record, with the deterministic payload of its id ({@link TckCheckpoints#payload}). */
  CheckpointRecord record() {
    return TckCheckpoints.record(build());
  }
}
