package dev.magnus.rollback.core.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * Convert YAML 1.1 scalars that SnakeYAML resolved as integers, floats or booleans into Java values:
 * {@code 1_000}, {@code 0x1F}, {@code 0b101}, {@code 017} (octal), {@code .inf}, {@code yes/on}.
 * Thread-safe (stateless).
 */
final class Numbers {
  private Numbers() {}

  static Optional<Long> integer(String text, long min, long max) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    if (negative || t.startsWith("+")) {
      t = t.substring(1);
    }
    int radix = 10;
    if (t.startsWith("0x")) {
      radix = 16;
      t = t.substring(2);
    } else if (t.startsWith("0b")) {
      radix = 2;
      t = t.substring(2);
    } else if (t.length() > 1 && t.startsWith("0")) {
      radix = 8;
      t = t.substring(1);
    }
    try {
      BigInteger value = new BigInteger(t, radix);
      value = negative ? value.negate() : value;
      return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0
          ? Optional.of(value.longValue()) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<Double> decimal(String text) {
    String t = text.replace("_", "").toLowerCase(Locale.ROOT);
    switch (t) {
      case ".inf": case "+.inf": return Optional.of(Double.POSITIVE_INFINITY);
      case "-.inf": return Optional.of(Double.NEGATIVE_INFINITY);
      case ".nan": return Optional.of(Double.NaN);
      default:
        try {
          return Optional.of(Double.parseDouble(t));
        } catch (NumberFormatException e) {
          return integer(text, Long.MIN_VALUE, Long.MAX_VALUE).map(Long::doubleValue);
        }
    }
  }

  static boolean bool(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
  }

  /** Convert a plain scalar for a store option: String, Long, Double or Boolean; empty otherwise. */
  static Optional<Object> plain(ConfigNode node) {
    if (!(node instanceof ConfigNode.Scalar s)) {
      return Optional.empty();
    }
    switch (s.kind()) {
      case STRING: return Optional.of(s.text());
      case INTEGER: return integer(s.text(), Long.MIN_VALUE, Long.MAX_VALUE).map(v -> (Object) v);
      case FLOAT: return decimal(s.text()).map(v -> (Object) v);
      case BOOLEAN: return Optional.of(bool(s.text()));
      default: return Optional.empty();
    }
  }
}
