package com.example.owner.api;

import com.example.owner.internal.Helper;

/** Use the module's own internal package, which is allowed (ArchitectureRules fixture). */
public final class Facade {
  private Facade() {}

  /** Return the helper's value. @return a number */
  public static int value() {
    return Helper.value();
  }
}
