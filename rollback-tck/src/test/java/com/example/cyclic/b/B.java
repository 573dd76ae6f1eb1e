package com.example.cyclic.b;

/** The other half of a package cycle (ArchitectureRules fixture). */
public final class B {
  private B() {}

  /** @return a constant */
  public static int base() {
    return 2;
  }

  /** @return A's value */
  public static int value() {
    return com.example.cyclic.a.A.base() + 1;
  }
}
