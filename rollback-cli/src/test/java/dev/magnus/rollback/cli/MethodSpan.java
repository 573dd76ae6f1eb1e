package dev.magnus.rollback.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line span of each method and constructor body in one Java source, found without a parser: comments,
 * string, text-block and char literals are blanked first, then each '{' is classified by the text that
 * precedes it since the last ';', '{' or '}'. A body opens where that text ends in ')' (optionally with a
 * throws clause), and is not a control statement, a record header, a lambda or an anonymous class.
 * Blocks nested in a body are not measured on their own.
 *
 * @param header the declaration from its name to the '{', whitespace collapsed
 * @param firstLine the line of the declaration's name, from 1
 * @param lines the lines from the declaration to the closing brace, both included
 */
record MethodSpan(String header, int firstLine, int lines) {
  private static final Pattern BODY = Pattern.compile(
      "(\\w+)\\s*\\(([^()]|\\([^()]*\\))*\\)\\s*(throws\\s+[\\w.<>,\\s]+)?\\s*$");
  private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
      "try", "do", "else", "return", "new", "super", "this");

  static List<MethodSpan> in(String source) {
    String code = blank(source);
    List<MethodSpan> spans = new ArrayList<>();
    Deque<int[]> open = new ArrayDeque<>(); // {start offset of a measured body, or -1}
    int segmentStart = 0;
    int insideBody = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '{') {
        int start = insideBody == 0 ? bodyStart(code.substring(segmentStart, i), segmentStart) : -1;
        open.push(new int[] {start});
        insideBody += start >= 0 || insideBody > 0 ? 1 : 0;
        segmentStart = i + 1;
      } else if (c == '}') {
        int start = open.isEmpty() ? -1 : open.pop()[0];
        insideBody -= insideBody > 0 ? 1 : 0;
        if (start >= 0) {
          int first = lineOf(code, start);
          String header = code.substring(start, code.indexOf('{', start)).replaceAll("\\s+", " ").trim();
          spans.add(new MethodSpan(header, first, lineOf(code, i) - first + 1));
        }
        segmentStart = i + 1;
      } else if (c == ';') {
        segmentStart = i + 1;
      }
    }
    return spans;
  }

  /** Where the body's declaration starts (its name), or -1 when the text before '{' is not a method's. */
  private static int bodyStart(String before, int offset) {
    Matcher m = BODY.matcher(before);
    if (!m.find() || NOT_METHODS.contains(m.group(1)) || before.contains("->")
        || before.substring(0, m.start()).matches("(?s).*\\brecord\\s+")
        || Pattern.compile("\\bnew\\s").matcher(before).find()) {
      return -1;
    }
    return offset + m.start();
  }

  private static int lineOf(String code, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      line += code.charAt(i) == '\n' ? 1 : 0;
    }
    return line;
  }

  /** Replace comments and literals by spaces, keeping every newline, so offsets and lines stay put. */
  private static String blank(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      int end = literalOrCommentEnd(s, i);
      if (end > i) {
        for (int k = i; k < end; k++) {
          if (b.charAt(k) != '\n') {
            b.setCharAt(k, ' ');
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    return b.toString();
  }

  /** The end of the comment or literal starting at i, or i when none starts there. */
  private static int literalOrCommentEnd(String s, int i) {
    if (s.startsWith("//", i)) {
      int nl = s.indexOf('\n', i);
      return nl < 0 ? s.length() : nl;
    }
    if (s.startsWith("/*", i)) {
      int close = s.indexOf("*/", i + 2);
      return close < 0 ? s.length() : close + 2;
    }
    if (s.startsWith("\"\"\"", i)) {
      int close = s.indexOf("\"\"\"", i + 3);
      return close < 0 ? s.length() : close + 3;
    }
    char c = s.charAt(i);
    if (c == '"' || c == '\'') {
      int k = i + 1;
      while (k < s.length() && s.charAt(k) != c) {
        k += s.charAt(k) == '\\' ? 2 : 1;
      }
      return Math.min(k + 1, s.length());
    }
    return i;
  }
}
