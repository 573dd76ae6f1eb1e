package dev.magnus.rollback.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/*
 * Check the --data argument before anything opens it: for the commands that read, restore or repair
 * an existing file store, and for demo, which creates one. A missing path, a regular file, or a directory that holds no file store
 * (no LOCK, MANIFEST or segment-* file: the names of rollback-store-file/FORMAT.md) is bad input:
 * a ParameterException (exit 2) naming the path and the fix, never a store to create. For demo, a
 * path that is, or lies under, a regular file is the same kind of error. A directory
 * that cannot be listed is left to the store, whose message says what permission is missing.
 * Stateless.
 */
final class DataDirectory {
  private DataDirectory() {}

  /** Throw a usage error naming {@code dir} unless it is a directory holding a file store. */
  static void requireStore(CommandLine cli, String option, Path dir) {
    if (!Files.exists(dir)) {
      throw new ParameterException(cli, option + " " + shown(dir) + ": no such directory, so no store at " + dir
          + "; check the path (this command never creates a store)");
    }
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(cli, option + " " + shown(dir) + ": is a file, not a directory; give the file "
          + "store's directory (the one holding LOCK, MANIFEST and segment-*.log files)");
    }
    if (!holdsStore(dir)) {
      throw new ParameterException(cli, option + " " + shown(dir) + ": this directory holds no file store (no LOCK, "
          + "MANIFEST or segment-*.log file); check the path");
    }
  }

  /**
   * Throw a usage error naming the path unless a store directory can be created there (demo): neither
   * {@code dir} nor a directory above it may be a regular file.
   */
  static void requireCreatable(CommandLine cli, String option, Path dir) {
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new ParameterException(cli, option + " " + shown(dir) + ": " + (p.equals(dir.toAbsolutePath().normalize())
            ? "is a file, not a directory" : p + " is a file, so no directory can be created under it")
            + "; give a directory for the file store (it is created if missing)");
      }
      if (Files.isDirectory(p)) {
        return;
      }
    }
  }

  /** Return the path as given, followed by its absolute form when it is relative. */
  static String shown(Path dir) {
    return dir.isAbsolute() ? dir.toString() : dir + " (" + dir.toAbsolutePath().normalize() + ")";
  }

  private static boolean holdsStore(Path dir) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (name.equals("LOCK") || name.equals("MANIFEST") || name.startsWith("segment-")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return true; // cannot be listed: the store's open says which permission is missing
    }
  }
}
