package dev.magnus.rollback.cli;

import org.jspecify.annotations.Nullable;

/*
 * A command could not do its work for a reason the person running it can act on: the message (one
 * line, CLI wording: which command or option to use) and the exit code of ExitCodes. The root
 * command's execution handler prints "error: " and the message, and exits with the code. Immutable.
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  private CommandFailure(int exitCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The store cannot be used now: locked, unreadable, or read-only for a command that writes (exit 3). */
  static CommandFailure unavailable(String message, @Nullable Throwable cause) {
    return new CommandFailure(ExitCodes.UNAVAILABLE, message, cause);
  }

  /** A check failed or the operation did not happen (exit 1). */
  static CommandFailure problem(String message) {
    return new CommandFailure(ExitCodes.PROBLEMS, message, null);
  }

  /** A usage error found after parsing: an input that cannot work (exit 2). */
  static CommandFailure usage(String message) {
    return new CommandFailure(ExitCodes.USAGE, message, null);
  }

  int exitCode() {
    return exitCode;
  }
}
