package com.example.cyclic.a;

/** One half of a package cycle (ArchitectureRules fixture). */
public final class A {
  private A() {}

  /** @return B's value */
  public static int value() {
    return com.example.cyclic.b.B.base() + 1;
  }

  /** @return a constant */
  public static int base() {
    return 1;
  }
}
