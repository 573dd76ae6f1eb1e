package dev.magnus.rollback.integration.pr1;

/**
 * Point at a place in a piece of code. Immutable.
 *
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record CodeLocation(int line, int column) {
  /**
   * Validate.
   *
   * @throws IllegalArgumentException if the line or the column is below 1
   */
  public CodeLocation {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("code location " + line + ":" + column + " is invalid: lines and columns start at 1");
    }
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
