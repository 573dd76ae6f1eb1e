package dev.magnus.rollback;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Convert between Java values (records, POJOs, enums, {@code java.time} types, {@code Optional}) and
 * the JSON values a session's state holds ({@code Map}, {@code List}, {@code String}, {@code Long},
 * {@code Double}, {@code BigDecimal}, {@code Boolean}, null). The typed methods of
 * {@link SessionState} and {@link Session} use it; the state is
 * stored as the same JSON either way, so hashes, stores and tools do not see the difference.
 *
 * <p>rollback-core provides the implementation (jackson-databind). An implementation must never read
 * type ids from the data (no polymorphic default typing): the data is whatever a store returned.
 * Thread-safe.
 */
public interface StateMapper {
  /**
   * Convert a Java value to a JSON value.
   *
   * @param value the value
   * @param path where it will sit, for messages, for example {@code attributes.route}
   * @return the JSON value (unnormalized: the state normalizes it)
   * @throws InvalidStateException naming the path if the value cannot be converted
   */
  @Nullable Object toJson(@Nullable Object value, String path);

  /**
   * Convert a JSON value to a Java type.
   *
   * @param json the JSON value
   * @param type the type to build, a {@code Class} or a {@link TypeRef#type()}
   * @param path where the value sits, for messages
   * @param <T> the type
   * @return the value; never a partly built one
   * @throws InvalidStateException naming the JSON path and the expected type if it cannot be converted
   */
  <T> T fromJson(@Nullable Object json, Type type, String path);

  /**
   * Return the mapper found with {@link java.util.ServiceLoader} on this interface's class loader (rollback-core
   * registers one), for the typed methods of a {@code SessionState} outside an engine. An engine's
   * sessions use the engine's mapper, which its builder can configure.
   *
   * @return the mapper
   * @throws IllegalStateException if none is on the class path
   */
  static StateMapper discovered() {
    return DiscoveredMapper.get();
  }
}
