package dev.magnus.rollback;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Name a generic type for typed state access, which a {@code Class} cannot:
 * {@code state.get("hops", new TypeRef<List<Hop>>() {})}. Create it as an anonymous subclass so the
 * type argument is kept in the class file.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /**
   * Capture the type argument of the anonymous subclass.
   *
   * @throws IllegalStateException if created without a type argument ({@code new TypeRef() {}})
   */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException("TypeRef created without a type argument: write new TypeRef<List<Hop>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /**
   * Return the captured type.
   *
   * @return the type, for example {@code java.util.List<com.example.Hop>}
   */
  public final Type type() {
    return type;
  }

  @Override
  public String toString() {
    return "TypeRef<" + type.getTypeName() + ">";
  }
}
