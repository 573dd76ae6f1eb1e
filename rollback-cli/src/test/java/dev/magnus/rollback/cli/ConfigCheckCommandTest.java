package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
  @Test
  void theShippedFileIsValid() {
    Cli.Result result = Cli.run("config", "check", Path.of("..", "config", "session-rollback-config.yaml").toString());

    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("is valid") && result.out().contains("store file"), result::toString);
  }

  @Test
  void aBadFileListsEveryProblemWithItsLineAndExitsOne(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "checkpoint:\n  maxCheckpoints: -2\naudit:\n  sinc: none\n");

    Cli.Result result = Cli.run("config", "check", bad.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("2 problems"), result::toString);
    assertTrue(result.out().contains("checkpoint.maxCheckpoints (line 2, col 19): must be >= 1, was -2"), result::toString);
    assertTrue(result.out().contains("did you mean 'sink'?"), result::toString);
  }

  @Test
  void aMissingFileIsAProblemNotACrash(@TempDir Path dir) {
    Cli.Result result = Cli.run("config", "check", dir.resolve("nope.yaml").toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue((result.out() + result.err()).contains("nope.yaml"), result::toString);
  }

  @Test
  void aMisspeltStrategyAndAnUnknownStoreFailTheCheckWithTheirLinesAndADidYouMean(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("typo.yaml"), "recovery:\n  strategy: DECOMPOZE\nstorage:\n  type: fiel\n");

    Cli.Result result = Cli.run("config", "check", bad.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("2 problems"), result::toString);
    assertTrue(result.out().contains("recovery.strategy (line 2, col 13): no recovery strategy named 'DECOMPOZE' on the "
        + "class path; did you mean 'DECOMPOSE'?"), result::toString);
    assertTrue(result.out().contains("storage.type (line 4, col 9): no checkpoint store named 'fiel' on the class path; "
        + "did you mean 'file'?"), result::toString);
  }

  @Test
  void anHmacKeyVariableThatIsNotSetFailsTheCheckNamingIt(@TempDir Path dir) throws IOException {
    String variable = "ROLLBACK_CLI_TEST_KEY_NEVER_SET_" + Long.toHexString(System.nanoTime());
    Path file = Files.writeString(dir.resolve("hmac.yaml"), "integrity:\n  hmacKeyEnv: " + variable + "\n");

    Cli.Result result = Cli.run("config", "check", file.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("integrity.hmacKeyEnv (line 2, col 15): names the environment variable " + variable
        + ", which is not set or empty: export " + variable + "="), result::toString);
  }

  @Test
  void theJsonReportListsTheProblems(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("typo.yaml"), "recovery:\n  strategy: IMMEDIAT\n");

    Cli.Result result = Cli.run("config", "check", "--json", bad.toString());

    assertEquals(1, result.code(), result::toString);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
    assertEquals(false, json.get("valid").asBoolean(), result::toString);
    assertEquals(1, json.get("problems").size(), result::toString);
    assertTrue(json.get("problems").get(0).asText().contains("did you mean 'IMMEDIATE'?"), result::toString);
  }

  @Test
  void theJsonReportOfAValidFileNamesTheStoreThatWouldBeUsed() throws IOException {
    Cli.Result result = Cli.run("config", "check", "--json",
        Path.of("..", "config", "session-rollback-config.yaml").toString());

    assertEquals(0, result.code(), result::toString);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
    assertEquals(true, json.get("valid").asBoolean(), result::toString);
    assertEquals("file", json.get("store").asText(), "auto resolves to file among several stores: " + result);
  }

  @Test
  void aClasspathJarThatDoesNotExistIsBadUsage(@TempDir Path dir) {
    Cli.Result result = Cli.run("config", "check", "--classpath", dir.resolve("missing.jar").toString(),
        Path.of("..", "config", "session-rollback-config.yaml").toString());

    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("missing.jar does not exist"), result::toString);
  }

  @Test
  void encryptionKeyVariablesMustBeSetToTheBase64OfThirtyTwoBytesAndTheActiveKeyListed(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("keys.yaml"), "integrity:\n  encryption:\n"
        + "    keys: {good: K_GOOD, short: K_SHORT, unset: K_UNSET, text: K_TEXT}\n    activeKeyId: other\n");
    String good = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);

    Cli.Result result = Cli.runWith(java.util.Map.of("K_GOOD", good, "K_SHORT", shortKey, "K_TEXT", "not base64!"),
        "config", "check", file.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("4 problems"), result::toString);
    assertTrue(result.out().contains("integrity.encryption.keys.short") && result.out().contains("16 bytes, not 32"),
        result::toString);
    assertTrue(result.out().contains("K_UNSET, which is not set"), result::toString);
    assertTrue(result.out().contains("K_TEXT is not base64"), result::toString);
    assertTrue(result.out().contains("integrity.encryption.activeKeyId") && result.out().contains("'other'"),
        result::toString);
    assertTrue(!result.out().contains(good) && !result.out().contains(shortKey), "a key leaked: " + result);
  }
}
