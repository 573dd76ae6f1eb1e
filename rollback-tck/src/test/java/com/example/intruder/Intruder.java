package com.example.intruder;

import com.example.owner.internal.Helper;

/** Use another module's internal package, which the rule forbids (ArchitectureRules fixture). */
public final class Intruder {
  private Intruder() {}

  /** Return the helper's value. @return a number */
  public static int value() {
    return Helper.value();
  }
}
