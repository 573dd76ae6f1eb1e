package dev.magnus.rollback.tck;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Damage a copy of a closed store's files on purpose, for {@link CorruptionCases}: copy a directory
 * tree, cut a file, flip a bit, find bytes. Stateless; every method works on the files it is given.
 */
final class StoreDamage {
  private StoreDamage() {}

  /** Name one way to damage a file of a copied store. */
  @FunctionalInterface
  interface Damage {
    /**
     * Damage the file.
     *
     * @param file the file, inside the copy
     * @throws IOException if the file cannot be changed
     */
    void apply(Path file) throws IOException;
  }

  /** Copy the tree under {@code from} to {@code to}, deleting whatever {@code to} held before. */
  static void copyTree(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> walk = Files.walk(to)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  static void flip(Path file, long position) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x10);
    }
  }

  /** Return where {@code needle} first occurs in the file, or -1. */
  static long indexOf(Path file, byte[] needle) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      if (bytes[i] == needle[0] && Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
