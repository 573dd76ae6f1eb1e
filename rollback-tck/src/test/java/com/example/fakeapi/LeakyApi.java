package com.example.fakeapi;

import org.junit.jupiter.api.Assertions;

/** An "API" class that depends on a third-party library (ArchitectureRules fixture). */
public final class LeakyApi {
  private LeakyApi() {}

  /** Fail through JUnit. */
  public static void check() {
    Assertions.fail("never called");
  }
}
