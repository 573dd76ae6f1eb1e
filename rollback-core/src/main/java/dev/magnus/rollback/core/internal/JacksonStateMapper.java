package dev.magnus.rollback.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.StateMapper;
import java.lang.reflect.Type;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link StateMapper} on jackson-databind: {@code ObjectMapper.convertValue} between Java values and
 * the JSON values of a state, never through text. The default mapper knows records, POJOs, enums,
 * {@code java.time} (ISO-8601 strings) and {@code Optional}; it reads no type ids from data (no default
 * typing, and a type validator that denies every class name, so even a user type annotated
 * {@code @JsonTypeInfo(use = CLASS)} cannot be made to build an arbitrary class from stored state).
 * A mapper given by the application is refused if it has default typing on. Thread-safe.
 */
public final class JacksonStateMapper implements StateMapper {
  private final ObjectMapper mapper;

  /** Create the default mapper (registered with ServiceLoader). */
  public JacksonStateMapper() {
    this(defaultObjectMapper());
  }

  /**
   * Use an application's ObjectMapper (its modules, naming strategy, …).
   *
   * @param mapper the mapper; a copy is kept, so later changes to it have no effect
   * @throws IllegalArgumentException if it has default typing on, which would read class names from stored data
   */
  public JacksonStateMapper(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    if (mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class)) != null) {
      throw new IllegalArgumentException("the ObjectMapper for session state has default typing on, which would let "
          + "stored state name classes to instantiate: build it without activateDefaultTyping");
    }
    this.mapper = mapper.copy();
  }

  /**
   * Return a new ObjectMapper configured as the default one: JavaTimeModule (dates as ISO strings),
   * Jdk8Module, no default typing, every class-name type id denied. A starting point for an application's own.
   *
   * @return the mapper
   */
  public static ObjectMapper defaultObjectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
        .build();
  }

  @Override
  public @Nullable Object toJson(@Nullable Object value, String path) {
    try {
      return mapper.convertValue(value, Object.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidStateException(where(path, e) + ": a " + (value == null ? "null" : value.getClass().getName())
          + " does not convert to JSON: " + reason(e), e);
    }
  }

  @Override
  public <T> T fromJson(@Nullable Object json, Type type, String path) {
    JavaType target = mapper.constructType(type);
    try {
      T value = mapper.convertValue(json, target);
      if (value == null) {
        throw new InvalidStateException(path + " is null, expected " + type.getTypeName());
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new InvalidStateException(where(path, e) + " does not convert to " + type.getTypeName() + ": " + reason(e), e);
    }
  }

  /** The JSON path of the failure: the base path plus the properties and indexes Jackson went through. */
  private static String where(String base, IllegalArgumentException e) {
    StringBuilder b = new StringBuilder(base);
    if (e.getCause() instanceof JsonMappingException m) {
      for (JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          b.append('.').append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          b.append('[').append(r.getIndex()).append(']');
        }
      }
    }
    return b.toString();
  }

  private static String reason(IllegalArgumentException e) {
    String text = e.getCause() instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
    return String.valueOf(text).lines().findFirst().orElse("");
  }
}
