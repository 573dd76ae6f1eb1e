package dev.magnus.rollback;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
   * Read one attribute as a Java type: a record, POJO, enum, {@code java.time} type, {@code Optional},
   * boxed primitive or collection, converted from its JSON value by {@link StateMapper#discovered()}.
   *
   * @param key the attribute name
   * @param type the type
   * @param <T> the type
   * @return the value, empty when absent or null
   * @throws InvalidStateException naming the key, the JSON path and the type if the value does not convert
   */
  public <T> Optional<T> get(String key, Class<T> type) {
    return get(key, (Type) Objects.requireNonNull(type, "type"), StateMapper.discovered());
  }

  /**
   * Read one attribute as a generic Java type: {@code state.get("hops", new TypeRef<List<Hop>>() {})}.
   *
   * @param key the attribute name
   * @param type the type
   * @param <T> the type
   * @return the value, empty when absent or null
   * @throws InvalidStateException naming the key, the JSON path and the type if the value does not convert
   */
  public <T> Optional<T> get(String key, TypeRef<T> type) {
    return get(key, Objects.requireNonNull(type, "type").type(), StateMapper.discovered());
  }

  /**
   * Read one attribute with a given mapper (an engine's sessions pass the engine's).
   *
   * @param key the attribute name
   * @param type the type
   * @param mapper the mapper
   * @param <T> the type
   * @return the value, empty when absent or null
   */
  public <T> Optional<T> get(String key, Type type, StateMapper mapper) {
    Object json = attributes.get(Objects.requireNonNull(key, "key"));
    return json == null ? Optional.empty() : Optional.ofNullable(mapper.fromJson(json, type, "attributes." + key));
  }

  /**
   * Return a state with one attribute set. A JSON value ({@code String}, {@code Boolean}, a number,
   * {@code Map}, {@code List}, null, nested) is copied as it is; any other value (a record, POJO, enum,
   * {@code java.time} type, {@code Optional}, or a map or list holding one) is converted to JSON by
   * {@link StateMapper#discovered()} first, so it is stored as the same JSON a map would be.
   *
   * @param key the attribute name
   * @param value the value
   * @return the new state
   * @throws InvalidStateException if the value is not JSON-compatible and does not convert
   */
  public SessionState with(String key, @Nullable Object value) {
    try {
      return withJson(key, value); // one walk over a JSON value; the mapper is looked up only for other values
    } catch (JsonValues.NotJson e) {
      return with(key, value, StateMapper.discovered());
    }
  }

  /**
   * Return a state with one attribute set, converting a value that is not JSON with a given mapper.
   *
   * @param key the attribute name
   * @param value the value
   * @param mapper the mapper for values that are not JSON values
   * @return the new state
   * @throws InvalidStateException if the value is not JSON-compatible and does not convert
   */
  public SessionState with(String key, @Nullable Object value, StateMapper mapper) {
    Objects.requireNonNull(key, "key");
    try {
      return withJson(key, value);
    } catch (JsonValues.NotJson e) {
      return withJson(key, mapper.toJson(value, "attributes." + key));
    }
  }

  private SessionState withJson(String key, @Nullable Object json) {
    Objects.requireNonNull(key, "key");
    return new SessionState(sessionId, metadata, revision, JsonValues.with(attributes, key, json, false));
  }

  /**
   * Return a state with several attributes set; every other value is shared, only the new ones are
   * copied.
   *
   * @param values the attributes to set
   * @return the new state
   */
  public SessionState withAll(Map<String, ?> values) {
    return new SessionState(sessionId, metadata, revision,
        JsonValues.withAll(attributes, Objects.requireNonNull(values, "values")));
  }

  /**
   * Return a state without one attribute.
   *
   * @param key the attribute name
   * @return the new state
   */
  public SessionState without(String key) {
    return new SessionState(sessionId, metadata, revision,
        JsonValues.with(attributes, Objects.requireNonNull(key, "key"), null, true));
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
