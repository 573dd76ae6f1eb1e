package dev.magnus.rollback;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Describe who a session belongs to and where it runs. Immutable.
 *
 * @param userId the user the session serves
 * @param environment the deployment environment, for example {@code production}
 * @param version the application version that created the session
 * @param tags free-form tags, in order
 * @param createdAt when the session was initialized
 */
public record SessionMetadata(String userId, String environment, String version, List<String> tags, Instant createdAt) {
  /** Validate and copy. */
  public SessionMetadata {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Create metadata stamped with a creation time.
   *
   * @param userId the user the session serves
   * @param environment the deployment environment
   * @param version the application version
   * @param tags free-form tags
   * @param createdAt when the session was initialized
   * @return the metadata
   */
  public static SessionMetadata of(String userId, String environment, String version, List<String> tags, Instant createdAt) {
    return new SessionMetadata(userId, environment, version, tags, createdAt);
  }

  /**
   * Return a copy with another creation time.
   *
   * @param instant the new creation time
   * @return the copy
   */
  public SessionMetadata withCreatedAt(Instant instant) {
    return new SessionMetadata(userId, environment, version, tags, instant);
  }
}
