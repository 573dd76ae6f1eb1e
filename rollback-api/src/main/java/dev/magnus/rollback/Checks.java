package dev.magnus.rollback;

import java.time.Duration;
import java.util.Objects;

/** Reject bad option values at once, naming the option and the value. */
final class Checks {
  private Checks() {}

  static long atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  static double atLeast(String option, double value, double min) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a finite number >= " + min + ", was " + value);
    }
    return value;
  }

  static String notBlank(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  static Duration notNegative(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (value.isNegative()) {
      throw new IllegalArgumentException(option + " must not be negative, was " + value);
    }
    return value;
  }

  static Duration positive(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, was " + value);
    }
    return value;
  }
}
