package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Map a {@link Checkpoint} to the columns of {@code rollback_checkpoints} ({@link Sql#COLUMNS}, in that
 * order) and back, losslessly. Stateless.
 *
 * <p>PostgreSQL {@code text} cannot hold NUL, and the driver's UTF-8 encoding turns an unpaired
 * surrogate into {@code ?}: a string with either would not come back as written (and two session ids
 * could collide), so such values are refused with a {@link StoreException} before anything is sent.
 * Labels are JSON-escaped and so take any string.
 */
final class Rows {
  private Rows() {}

  static void bind(PreparedStatement p, Checkpoint c) throws SQLException {
    p.setString(1, c.id().value());
    p.setString(2, c.sessionId());
    p.setLong(3, c.sequence());
    if (c.parentId().isPresent()) {
      p.setString(4, c.parentId().get().value());
    } else {
      p.setNull(4, Types.VARCHAR);
    }
    p.setString(5, c.type().name());
    p.setString(6, c.description());
    p.setLong(7, c.createdAt().getEpochSecond());
    p.setInt(8, c.createdAt().getNano());
    p.setString(9, Labels.encode(c.labels()));
    p.setString(10, c.stateHash());
    p.setString(11, c.chainHash());
    p.setLong(12, c.rawSize());
    p.setLong(13, c.storedSize());
    p.setString(14, c.compression().name());
  }

  static Checkpoint checkpoint(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    try {
      String parent = rs.getString(4);
      return new Checkpoint(CheckpointId.of(id), rs.getString(2), rs.getLong(3),
          Optional.ofNullable(parent).map(CheckpointId::of), CheckpointType.valueOf(rs.getString(5)), rs.getString(6),
          Instant.ofEpochSecond(rs.getLong(7), rs.getInt(8)), Labels.decode(rs.getString(9)), rs.getString(10),
          rs.getString(11), rs.getLong(12), rs.getLong(13), Compression.valueOf(rs.getString(14)));
    } catch (RuntimeException e) {
      throw new StoreException("row of checkpoint " + id + " in rollback_checkpoints is not a valid descriptor ("
          + e.getMessage() + "): it was changed outside the store; restore it from a backup or delete it", e);
    }
  }

  static List<Checkpoint> checkpoints(PreparedStatement p) throws SQLException {
    List<Checkpoint> result = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        result.add(checkpoint(rs));
      }
    }
    return result;
  }

  static void requireStorable(Checkpoint c) {
    String bad = !storable(c.sessionId()) ? "session id" : !storable(c.description()) ? "description"
        : !storable(c.stateHash()) ? "stateHash" : !storable(c.chainHash()) ? "chainHash" : null;
    if (bad != null) {
      throw new StoreException("the " + bad + " of checkpoint " + c.id() + " holds a NUL character or an unpaired "
          + "surrogate, which PostgreSQL text cannot store as written: remove it; nothing was stored", c.sessionId(),
          c.id());
    }
  }

  /** Tell whether PostgreSQL text gives this string back unchanged. */
  static boolean storable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == 0) {
        return false;
      }
      if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        return false;
      }
    }
    return true;
  }
}
