package dev.magnus.rollback.store.jdbc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Encode checkpoint labels as a JSON object of strings, and parse them back. Stateless.
 *
 * <p>Every character below U+0020, the quote, the backslash and every surrogate are written as
 * {@code \}{@code uXXXX} escapes, so the text is plain ASCII-safe JSON that PostgreSQL's {@code text}
 * accepts whatever the labels hold (NUL and unpaired surrogates included), and parsing gives back
 * exactly the strings that were written. The parser reads only what {@link #encode} writes.
 */
final class Labels {
  private Labels() {}

  static String encode(Map<String, String> labels) {
    StringBuilder out = new StringBuilder(16 + labels.size() * 24).append('{');
    labels.forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, k).append(':');
      string(out, v);
    });
    return out.append('}').toString();
  }

  private static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }

  static Map<String, String> decode(String json) {
    Map<String, String> labels = new TreeMap<>();
    int[] pos = {expect(json, 0, '{')};
    while (json.charAt(pos[0]) != '}') {
      if (!labels.isEmpty()) {
        pos[0] = expect(json, pos[0], ',');
      }
      String key = string(json, pos);
      pos[0] = expect(json, pos[0], ':');
      labels.put(key, string(json, pos));
    }
    return labels;
  }

  private static String string(String json, int[] pos) {
    int i = expect(json, pos[0], '"');
    StringBuilder out = new StringBuilder();
    while (json.charAt(i) != '"') {
      char c = json.charAt(i);
      if (c == '\\') {
        if (json.charAt(i + 1) != 'u') {
          throw malformed(json, i);
        }
        out.append((char) Integer.parseInt(json.substring(i + 2, i + 6), 16));
        i += 6;
      } else {
        out.append(c);
        i++;
      }
    }
    pos[0] = i + 1;
    return out.toString();
  }

  private static int expect(String json, int i, char c) {
    if (i >= json.length() || json.charAt(i) != c) {
      throw malformed(json, i);
    }
    return i + 1;
  }

  private static IllegalStateException malformed(String json, int at) {
    return new IllegalStateException("labels column holds malformed JSON at offset " + at + ": "
        + (json.length() > 200 ? json.substring(0, 200) + "..." : json));
  }
}
