package dev.magnus.rollback.strategies;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/* Turns throwables into the short texts that go into audit entries and result messages. */
final class Causes {
  private Causes() {}

  /** The cause under CompletionException and ExecutionException wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** "SimpleName: message" of the unwrapped cause. */
  static String describe(Throwable t) {
    Throwable cause = unwrap(t);
    return cause.getMessage() == null
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
