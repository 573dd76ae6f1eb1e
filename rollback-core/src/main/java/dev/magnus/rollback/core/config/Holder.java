package dev.magnus.rollback.core.config;

/**
 * One mutable value that is never null, for the binder's lambdas that replace a whole record one key at
 * a time (an {@code AtomicReference} would say "may be null" and "shared between threads": neither holds).
 */
final class Holder<T> {
  private T value;

  Holder(T value) {
    this.value = value;
  }

  T get() {
    return value;
  }

  void set(T next) {
    value = next;
  }
}
