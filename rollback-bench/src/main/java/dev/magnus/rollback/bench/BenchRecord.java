package dev.magnus.rollback.bench;

import java.util.Objects;

/**
 * One checkpoint as the baselines store it: the fields a user would keep in a table or a file.
 *
 * @param id unique id
 * @param session the session id
 * @param sequence 1, 2, 3, ... per session
 * @param type the checkpoint type's name
 * @param payload the encoded state; not copied (benchmark records are never changed)
 */
public record BenchRecord(String id, String session, long sequence, String type, byte[] payload) {
  /** Check the fields. */
  public BenchRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
  }
}
