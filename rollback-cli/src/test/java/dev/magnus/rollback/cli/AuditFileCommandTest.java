package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands keep the audit log next to the file store, and verify checks its hash chains. */
class AuditFileCommandTest {
  @Test
  void verifyChecksTheAuditChainsTheDemoWrote(@TempDir Path dir) {
    Path data = dir.resolve("data");
    assertEquals(0, Cli.run("demo", "--data", data.toString()).code());

    Cli.Result result = Cli.run("verify", "--data", data.toString());

    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("2 audit chains") && result.out().contains("every audit chain intact"),
        result::toString);
    assertTrue(Files.exists(data.resolve("audit.jsonl")));
  }

  @Test
  void verifyReportsAModifiedAuditEntryAndExitsOne(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("data");
    assertEquals(0, Cli.run("demo", "--data", data.toString()).code());
    Path audit = data.resolve("audit.jsonl");
    List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
    lines.set(1, lines.get(1).replace("\"userId\":\"user-123\"", "\"userId\":\"someone-else\""));
    Files.write(audit, lines, StandardCharsets.UTF_8);

    Cli.Result result = Cli.run("verify", "--data", data.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("audit entry 2") && result.out().contains("modified"), result::toString);
  }
}
