package com.example.owner.internal;

/** Stand in for a class public only for technical reasons (ArchitectureRules fixture). */
public final class Helper {
  private Helper() {}

  /** Return something only the owning module may call. @return a number */
  public static int value() {
    return 7;
  }
}
