package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * States and damage for the delta cases: a state large enough that one changed attribute is a small
 * part of it, a fixed walk of changes that exercises every kind of patch (replace, add, remove, nested
 * values, a growing list, a key that JSON Pointer must escape), and a way to damage a stored record so
 * that a patch in it still applies but yields another state (the state hash is what must catch it). Stateless.
 */
final class DeltaStates {
  /** The prefix of the attributes the damage case adds, one a step, each a run of its own letter. */
  static final String NOTE = "note";
  private static final int RUN = 96;

  private DeltaStates() {}

  /** Return {@code n} attributes of about sixty bytes each. */
  static Map<String, Object> attributes(int n) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      attributes.put("attr" + i, "value number " + i + " of a state large enough that one change is a small part");
    }
    attributes.put("history", List.of(Map.of("turn", 0L, "text", "hello")));
    return attributes;
  }

  /** Return the state after step {@code i} of a fixed walk of changes of every kind. */
  static SessionState step(SessionState s, int i) {
    String key = "attr" + (i * 7 % 20);
    switch (i % 6) {
      case 0:
        return s.with(key, "text of step " + i);
      case 1:
        return s.without(key);
      case 2:
        return s.with(key, Map.of("nested", List.of(1L, 2.5, "x" + i), "flag", i % 4 == 2));
      case 3: {
        List<Object> history = new ArrayList<>((List<?>) s.get("history").orElse(List.of()));
        history.add(Map.of("turn", (long) history.size(), "text", "message " + i));
        return s.with("history", history);
      }
      case 4:
        return s.with("a/b~c", (long) i);
      default:
        return s.with(key, null);
    }
  }

  /** Return the note of step {@code i}: a run of one letter, another for each step. */
  static String note(int i) {
    return String.valueOf((char) ('a' + i % 26)).repeat(RUN);
  }

  /**
   * Return {@code r} damaged where it holds {@code note}: every occurrence of the run gets one letter
   * changed, so a patch that sets it still applies but yields another state, and a whole state that
   * holds it still decodes. A payload that does not hold the run as text (compressed, encrypted) gets
   * its middle byte flipped instead.
   */
  static CheckpointRecord alterNote(CheckpointRecord r, String note) {
    byte[] payload = r.payload();
    byte[] run = note.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (int at = indexOf(payload, run, 0); at >= 0; at = indexOf(payload, run, at + run.length)) {
      payload[at + run.length / 2] = (byte) Character.toUpperCase(note.charAt(0));
      found = true;
    }
    if (!found) {
      payload[payload.length / 2] ^= 0x01;
    }
    return new CheckpointRecord(r.checkpoint(), payload);
  }

  /** Return {@code r} with the byte at {@code at} of its payload flipped. */
  static CheckpointRecord flipped(CheckpointRecord r, int at) {
    byte[] payload = r.payload();
    payload[at] ^= 0x01;
    return new CheckpointRecord(r.checkpoint(), payload);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Tell whether an engine declared an encoding for {@code c}: it writes delta checkpoints. */
  static boolean declaresEncoding(Checkpoint c) {
    return c.label(Checkpoint.ENCODING).isPresent();
  }

  /** Return whether {@code c} is stored as a delta, by its labels. */
  static boolean isDelta(Checkpoint c) {
    return c.label(Checkpoint.ENCODING).equals(Optional.of(Checkpoint.DELTA));
  }

  /** Return whether {@code c} is stored as a whole state, by its labels. */
  static boolean isFull(Checkpoint c) {
    return c.label(Checkpoint.ENCODING).equals(Optional.of(Checkpoint.FULL));
  }
}
