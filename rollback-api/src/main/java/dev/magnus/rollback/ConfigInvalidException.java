package dev.magnus.rollback;

import java.util.List;
import java.util.Objects;

/**
 * Signal that configuration is invalid; the message lists every problem with its key path.
 *
 * <p>A configuration file that fails to load raises one exception for all of its problems; each is
 * also available on its own through {@link #problems()}, for example
 * {@code checkpoint.maxCheckpoints (line 3, col 19): must be >= 1, was -2}.
 */
public class ConfigInvalidException extends RollbackException {
  private final List<String> problems;

  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public ConfigInvalidException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public ConfigInvalidException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  /**
   * Create the exception for several problems found at once.
   *
   * @param message a summary that lists the problems
   * @param problems each problem on its own, in the order found; not empty
   */
  public ConfigInvalidException(String message, List<String> problems) {
    super(message);
    this.problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
  }

  /**
   * Return each problem on its own line: key path, location, rule and value.
   *
   * @return the problems, never empty
   */
  public List<String> problems() {
    return problems;
  }
}
