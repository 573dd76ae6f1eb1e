package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.SessionIds;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/*
 * Converters for the commands' arguments: an empty, blank or malformed value is a usage error
 * (exit 2) with one line saying what is wrong and what to give instead, before anything is opened.
 * Stateless.
 */
final class Arguments {
  private Arguments() {}

  /** A session id: 1 to 256 characters, not blank, no control character. */
  static final class SessionId implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isEmpty()) {
        throw new TypeConversionException("the session id is empty; give one (`rollback inspect` lists the sessions)");
      }
      try {
        return SessionIds.require(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage().replace("sessionId", "the session id")
            + " (`rollback inspect` lists the sessions)");
      }
    }
  }

  /** A checkpoint id as `rollback inspect SESSION` prints it. */
  static final class Checkpoint implements ITypeConverter<CheckpointId> {
    @Override
    public CheckpointId convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("the checkpoint id is empty; give one (`rollback inspect SESSION` lists "
            + "them)");
      }
      try {
        return CheckpointId.of(value);
      } catch (IllegalArgumentException e) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        throw new TypeConversionException("'" + shown + "' is not a checkpoint id: an id has 1 to "
            + CheckpointId.MAX_LENGTH + " characters from [0-9A-Za-z_-] (`rollback inspect SESSION` lists them)");
      }
    }
  }

  /** A path that is not empty: an empty --data would silently mean the working directory. */
  static final class NonEmptyPath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("the path is empty; give a directory, e.g. rollback-data");
      }
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
      }
    }
  }

  /** A name (a provider, an environment variable) that is not blank. */
  static final class Name implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("the name is empty; give one");
      }
      return value;
    }
  }
}
