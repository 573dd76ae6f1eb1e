package dev.magnus.rollback.tck;

import static dev.magnus.rollback.tck.ReferenceFrames.CHECKPOINT;
import static dev.magnus.rollback.tck.ReferenceFrames.SEAL;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.tck.ReferenceFrames.Header;
import dev.magnus.rollback.tck.ReferenceFrames.Parsed;
import dev.magnus.rollback.tck.ReferenceFrames.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Name and read the segment files of a {@link DurableReferenceStore} directory: {@code 1.seg},
 * {@code 2.seg}, ..., in log order; and describe a closed store's files for the corruption cases.
 * Stateless.
 */
final class ReferenceSegments {
  private static final String SUFFIX = ".seg";

  private ReferenceSegments() {}

  static Path path(Path dir, long number) {
    return dir.resolve(number + SUFFIX);
  }

  static long number(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  /** Name the segment files of a store directory, in log order. */
  static List<Path> list(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir, e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file.getFileName(), e);
    }
  }

  /** Describe the files of a closed store, with record offsets and frames, for the corruption cases. */
  static StoreFiles files(Path dir) {
    return StoreFiles.builder(list(dir)).recordStarts(ReferenceSegments::recordStarts)
        .frames(record -> ReferenceFrames.frame(CHECKPOINT, 0, 0, 0, ReferenceFrames.checkpointBody(record)))
        .build();
  }

  /** Return where each checkpoint and tombstone frame of an undamaged segment begins. */
  static List<Long> recordStarts(Path segment) {
    byte[] bytes = read(segment);
    List<Long> starts = new ArrayList<>();
    for (int at = 0; at < bytes.length; ) {
      Header h = ReferenceFrames.parse(bytes, at).header()
          .orElseThrow(() -> new IllegalStateException("damaged " + segment.getFileName()));
      if (h.type() != SEAL) {
        starts.add((long) at);
      }
      at += h.length();
    }
    return starts;
  }

  /** Tell whether every frame of a segment reads and the last one is a seal. */
  static boolean endsWithSeal(Path file) {
    byte[] bytes = read(file);
    byte type = 0;
    int at = 0;
    for (Parsed p = ReferenceFrames.parse(bytes, at); p.status() == Status.VALID; p = ReferenceFrames.parse(bytes, at)) {
      type = p.header().orElseThrow().type();
      at += p.header().orElseThrow().length();
    }
    return type == SEAL && at == bytes.length;
  }
}
