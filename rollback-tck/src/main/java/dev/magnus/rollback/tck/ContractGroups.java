package dev.magnus.rollback.tck;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Name the groups of a contract class: its {@code @Nested} classes, by display name (the
 * {@code @DisplayName}, else the simple name). Stateless.
 */
final class ContractGroups {
  private ContractGroups() {}

  /** Return the groups declared by {@code contract} or its superclasses, by name. */
  static Map<String, Class<?>> of(Class<?> contract) {
    Map<String, Class<?>> groups = new TreeMap<>();
    for (Class<?> type = contract; type != null && type != Object.class; type = type.getSuperclass()) {
      for (Class<?> nested : type.getDeclaredClasses()) {
        if (nested.isAnnotationPresent(Nested.class)) {
          groups.putIfAbsent(name(nested), nested);
        }
      }
    }
    return groups;
  }

  private static String name(Class<?> nested) {
    return Optional.ofNullable(nested.getAnnotation(DisplayName.class)).map(DisplayName::value)
        .orElse(nested.getSimpleName());
  }
}
