package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken stores whose bug is in how one descriptor field, a sequence or a session id is
 * kept: each is the reference store with one realistic mapping bug (a narrow column, a text sort, an
 * epoch encoding that overflows, a naive label format).
 */
final class BrokenFieldStores {
  private BrokenFieldStores() {}

  /** Return a copy of {@code c} with one field replaced, by the record's canonical constructor. */
  static Checkpoint with(Checkpoint c, String field, Object value) {
    try {
      RecordComponent[] parts = Checkpoint.class.getRecordComponents();
      Object[] args = new Object[parts.length];
      Class<?>[] types = new Class<?>[parts.length];
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        args[i] = parts[i].getName().equals(field) ? value : parts[i].getAccessor().invoke(c);
      }
      Constructor<Checkpoint> canonical = Checkpoint.class.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * The reference store with a descriptor mapping applied when a record is stored (every path sees
   * it) and another applied to what list and latest serve (the read path does not).
   */
  static class Mangles extends ReferenceStore {
    private final UnaryOperator<Checkpoint> stored;
    private final UnaryOperator<Checkpoint> listed;

    Mangles(UnaryOperator<Checkpoint> stored, UnaryOperator<Checkpoint> listed) {
      this.stored = stored;
      this.listed = listed;
    }

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(new CheckpointRecord(stored.apply(record.checkpoint()), record.payload()));
    }

    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      return super.list(sessionId, query).stream().map(listed).toList();
    }

    @Override
    public synchronized Optional<Checkpoint> latest(String sessionId) {
      return super.latest(sessionId).map(listed);
    }
  }

  /** Keeps ids in a 32-character column: longer ones are cut, so two of them collide. */
  static final class TruncatesIds extends Mangles {
    TruncatesIds() {
      super(c -> with(c, "id", CheckpointId.of(c.id().value().substring(0, Math.min(32, c.id().value().length())))),
          c -> c);
    }
  }

  /** Keeps sequences in an int column. */
  static final class StoresSequenceAsInt extends Mangles {
    StoresSequenceAsInt() {
      super(c -> with(c, "sequence", (long) (int) c.sequence()), c -> c);
    }
  }

  /** Drops the parent id. */
  static final class DropsParentId extends Mangles {
    DropsParentId() {
      super(c -> with(c, "parentId", Optional.empty()), c -> c);
    }
  }

  /** Read fills the type from a default, as a read query that forgot the column would. */
  static final class ReadLosesType extends ReferenceStore {
    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return super.read(sessionId, id).map(r -> new CheckpointRecord(with(r.checkpoint(), "type",
          CheckpointType.USER_REQUESTED), r.payload()));
    }
  }

  /** Keeps descriptions in a 255-character column. */
  static final class TruncatesDescriptions extends Mangles {
    TruncatesDescriptions() {
      super(c -> with(c, "description", c.description().substring(0, Math.min(255, c.description().length()))), c -> c);
    }
  }

  /** Keeps createdAt to the microsecond, as a SQL timestamp column does. */
  static final class DropsNanosOfCreatedAt extends Mangles {
    DropsNanosOfCreatedAt() {
      super(c -> with(c, "createdAt", c.createdAt().truncatedTo(ChronoUnit.MICROS)), c -> c);
    }
  }

  /** Keeps createdAt as nanoseconds since the epoch in a long: wraps before 1677 and after 2262. */
  static final class StoresCreatedAtAsEpochNanos extends Mangles {
    StoresCreatedAtAsEpochNanos() {
      super(c -> with(c, "createdAt", Instant.ofEpochSecond(0, c.createdAt().getEpochSecond() * 1_000_000_000L
          + c.createdAt().getNano())), c -> c);
    }
  }

  /** Stores an empty label value as null, and drops it, as a database where '' is NULL does. */
  static final class DropsEmptyLabelValues extends Mangles {
    DropsEmptyLabelValues() {
      super(c -> {
        Map<String, String> kept = new TreeMap<>(c.labels());
        kept.values().removeIf(String::isEmpty);
        return with(c, "labels", kept);
      }, c -> c);
    }
  }

  /** Keeps labels as {@code key=value} lines and parses them back naively. */
  static final class NaiveLabelFormat extends Mangles {
    NaiveLabelFormat() {
      super(c -> with(c, "labels", decode(encode(c.labels()))), c -> c);
    }

    private static String encode(Map<String, String> labels) {
      StringBuilder out = new StringBuilder();
      labels.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      return out.toString();
    }

    private static Map<String, String> decode(String text) {
      Map<String, String> labels = new TreeMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq >= 0) {
          labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return labels;
    }
  }

  /** Treats label keys case-insensitively, as an HTTP-header-like map does. */
  static final class FoldsLabelKeyCase extends Mangles {
    FoldsLabelKeyCase() {
      super(c -> {
        Map<String, String> folded = new HashMap<>();
        c.labels().forEach((k, v) -> folded.put(k.toLowerCase(Locale.ROOT), v));
        return with(c, "labels", folded);
      }, c -> c);
    }
  }

  /** Keeps hashes as bytes: hex-decoded on the way in, lower-case hex on the way out. */
  static final class StoresHashesAsBytes extends Mangles {
    StoresHashesAsBytes() {
      super(c -> with(with(c, "stateHash", hexRoundTrip(c.stateHash())), "chainHash", hexRoundTrip(c.chainHash())),
          c -> c);
    }

    private static String hexRoundTrip(String hash) {
      return java.util.HexFormat.of().formatHex(java.util.HexFormat.of().parseHex(hash));
    }
  }

  /** Binds the state hash to the chain hash column as well (a copy-paste bug). */
  static final class CopiesStateHashIntoChainHash extends Mangles {
    CopiesStateHashIntoChainHash() {
      super(c -> with(c, "chainHash", c.stateHash()), c -> c);
    }
  }

  /** Keeps the raw size in an int column. */
  static final class StoresRawSizeAsInt extends Mangles {
    StoresRawSizeAsInt() {
      super(c -> with(c, "rawSize", (long) Math.abs((int) c.rawSize())), c -> c);
    }
  }

  /** Lists and latest report the stored size from a 16-bit field. */
  static final class ListsStoredSizeAsShort extends Mangles {
    ListsStoredSizeAsShort() {
      super(c -> c, c -> with(c, "storedSize", c.storedSize() & 0xFFFF));
    }
  }

  /** Lists and latest report every payload as uncompressed, as a list query without the column would. */
  static final class ListsLoseCompression extends Mangles {
    ListsLoseCompression() {
      super(c -> c, c -> with(c, "compression", Compression.NONE));
    }
  }

  /** Keys sessions by their first 255 characters, as a VARCHAR(255) column would. */
  static final class TruncatesSessionIds extends ReferenceStore {
    @Override
    String key(String sessionId) {
      String valid = super.key(sessionId);
      return valid.substring(0, Math.min(255, valid.length()));
    }
  }

  /** Orders sequences as zero-padded text of ten digits, as a key-value store's sorted keys would. */
  static final class SortsSequencesAsPaddedText extends ReferenceStore {
    private static final Comparator<Checkpoint> TEXT = Comparator.comparing(c -> String.format("%010d", c.sequence()));

    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      List<Checkpoint> all = new ArrayList<>(super.list(sessionId, query.limit(Integer.MAX_VALUE)));
      all.sort(query.ascending() ? TEXT : TEXT.reversed());
      return all.subList(0, Math.min(query.limit(), all.size()));
    }

    @Override
    public synchronized Optional<Checkpoint> latest(String sessionId) {
      return super.list(sessionId, CheckpointQuery.all()).stream().max(TEXT);
    }
  }

  /** Writes each label with {@code DataOutput.writeUTF}, which refuses text over 65,535 bytes. */
  static final class WritesLabelsWithWriteUtf extends Mangles {
    WritesLabelsWithWriteUtf() {
      super(c -> {
        java.io.DataOutputStream out = new java.io.DataOutputStream(java.io.OutputStream.nullOutputStream());
        try {
          for (Map.Entry<String, String> e : c.labels().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
        } catch (java.io.IOException e) {
          throw new dev.magnus.rollback.StoreException("cannot encode the labels of " + c.id(), e);
        }
        return c;
      }, c -> c);
    }
  }
}
