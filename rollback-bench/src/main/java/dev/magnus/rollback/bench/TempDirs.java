package dev.magnus.rollback.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Create benchmark directories under {@code java.io.tmpdir}, measure and delete them. */
public final class TempDirs {
  private TempDirs() {}

  /**
   * Create a new directory under {@code java.io.tmpdir}.
   *
   * @param prefix the name prefix
   * @return the directory
   * @throws IOException if it cannot be created
   */
  public static Path create(String prefix) throws IOException {
    return Files.createTempDirectory(prefix);
  }

  /**
   * Delete a directory tree; a missing one is fine.
   *
   * @param dir the directory
   */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sum the sizes of the regular files under a directory whose names do not end with a suffix.
   *
   * @param dir the directory
   * @param exceptSuffix a suffix to skip, for example {@code .lock}
   * @return bytes
   */
  public static long bytes(Path dir, String exceptSuffix) {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(exceptSuffix))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
