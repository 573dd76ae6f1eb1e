package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A store spec given to `rollback copy` never prints a secret it holds. */
class StoreSpecTest {
  private static String shown(String spec) {
    return new StoreSpec.Converter().convert(spec).toString();
  }

  @Test
  void secretOptionValuesAreHiddenAndTheRestIsShownAsGiven() {
    assertEquals("jdbc:url=jdbc:postgresql://127.0.0.1:5432/db,user=app,password=***",
        shown("jdbc:url=jdbc:postgresql://127.0.0.1:5432/db,user=app,password=s3cr3t"));
    assertEquals("jdbc:password=***,url=jdbc:postgresql://h/db,apiToken=***",
        shown("jdbc:password=hunter2,url=jdbc:postgresql://h/db,apiToken=abc"));
    assertEquals("file:some/dir", shown("file:some/dir"));
    assertEquals("memory", shown("memory"));
  }
}
