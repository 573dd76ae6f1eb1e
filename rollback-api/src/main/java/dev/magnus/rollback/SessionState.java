package dev.magnus.rollback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Hold one session's state: immutable, so the engine hands it out without copying.
 *
 * <p>The attributes are JSON-compatible values (see {@link JsonValues}), deep-copied and
 * unmodifiable. The revision grows by one with each update the engine applies; {@code with...}
 * methods return a new state and leave the revision to the engine.
 *
 * @param sessionId the session this state belongs to
 * @param metadata who the session serves and where it runs
 * @param revision how many updates have been applied since initialization
 * @param attributes the state itself
 */
public record SessionState(String sessionId, SessionMetadata metadata, long revision, Map<String, Object> attributes) {
  /**
   * Validate and deep-copy.
   *
   * @throws InvalidStateException if an attribute is not JSON-compatible
   * @throws IllegalArgumentException if the session id is invalid or the revision negative
   */
  public SessionState {
    SessionIds.require(sessionId);
    Objects.requireNonNull(metadata, "metadata");
    if (revision < 0) {
      throw new IllegalArgumentException("revision " + revision + " is negative: revisions start at 0");
    }
    attributes = JsonValues.copyObject(Objects.requireNonNull(attributes, "attributes"));
  }

  /**
   * Create the state of a new session, at revision 0.
   *
   * @param sessionId the session id
   * @param metadata the session metadata
   * @param attributes the initial attributes
   * @return the state
   */
  public static SessionState initial(String sessionId, SessionMetadata metadata, Map<String, ?> attributes) {
    return new SessionState(sessionId, metadata, 0, new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
  }

  /**
   * Read one attribute.
   *
   * @param key the attribute name
   * @return the value, empty when absent or null
   */
  public Optional<Object> get(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  /**
   * Return a state with one attribute set.
   *
   * @param key the attribute name
   * @param value a JSON-compatible value
   * @return the new state
   * @throws InvalidStateException if the value is not JSON-compatible
   */
  public SessionState with(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.put(key, JsonValues.copy(value, "attributes." + key));
    return new SessionState(sessionId, metadata, revision, copy);
  }

  /**
   * Return a state with several attributes set.
   *
   * @param values the attributes to set
   * @return the new state
   */
  public SessionState withAll(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.putAll(Objects.requireNonNull(values, "values"));
    return new SessionState(sessionId, metadata, revision, copy);
  }

  /**
   * Return a state without one attribute.
   *
   * @param key the attribute name
   * @return the new state
   */
  public SessionState without(String key) {
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.remove(Objects.requireNonNull(key, "key"));
    return new SessionState(sessionId, metadata, revision, copy);
  }

  /**
   * Return the same state at another revision; the engine uses this when it applies an update.
   *
   * @param newRevision the revision
   * @return the new state
   */
  public SessionState withRevision(long newRevision) {
    return new SessionState(sessionId, metadata, newRevision, attributes);
  }
}
