package dev.magnus.rollback.core;

import dev.magnus.rollback.spi.KeyProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The key providers an engine asks, in order: those given to the builder (CDI beans among them), then
 * those {@link ServiceLoader} finds, by class name; the first that holds a key id answers for it. The
 * variables {@code integrity.encryption.keys} names are asked last (see {@link WrappingKeys}).
 * Stateless.
 */
final class KeyProviders {
  private KeyProviders() {}

  /**
   * Return one provider asking {@code given} and then the discovered ones, or null when there are none.
   *
   * @param given providers given to the builder, in order
   * @param loader the class loader ServiceLoader searches
   */
  static @Nullable KeyProvider of(List<KeyProvider> given, ClassLoader loader) {
    List<KeyProvider> all = new ArrayList<>(given);
    List<KeyProvider> found = new ArrayList<>();
    ServiceLoader.load(KeyProvider.class, loader).forEach(found::add);
    found.sort(Comparator.comparing(p -> p.getClass().getName()));
    all.addAll(found);
    if (all.isEmpty()) {
      return null;
    }
    List<KeyProvider> chain = List.copyOf(all);
    return new KeyProvider() {
      @Override
      public Optional<byte[]> key(String keyId) {
        for (KeyProvider provider : chain) {
          Optional<byte[]> key = provider.key(keyId);
          if (key.isPresent()) {
            return key;
          }
        }
        return Optional.empty();
      }

      @Override
      public String toString() {
        return "KeyProviders" + chain.stream().map(p -> p.getClass().getName()).toList();
      }
    };
  }

  /** Tell whether there is a provider, given or registered, without creating the registered ones. */
  static boolean any(List<KeyProvider> given, ClassLoader loader) {
    return !given.isEmpty() || ServiceLoader.load(KeyProvider.class, loader).stream().findAny().isPresent();
  }

  /** The providers ServiceLoader finds on the thread's context class loader (else this class's), or null. */
  static @Nullable KeyProvider discovered() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return of(List.of(), context != null ? context : KeyProviders.class.getClassLoader());
  }
}
