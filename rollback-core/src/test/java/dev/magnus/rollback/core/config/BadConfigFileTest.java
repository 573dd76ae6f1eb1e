package dev.magnus.rollback.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad file gives one problem line naming the key path and line:column, and no engine. */
class BadConfigFileTest {
  @TempDir
  Path dir;

  static Stream<Arguments> badFiles() {
    return Stream.of(
        bad("negative number", "checkpoint:\n  maxCheckpoints: -2\n",
            "checkpoint.maxCheckpoints (line 2, col 19): must be >= 1, was -2"),
        bad("string for an integer", "checkpoint:\n  maxCheckpoints: ten\n",
            "checkpoint.maxCheckpoints (line 2, col 19): must be an integer, was 'ten' (a string)"),
        bad("quoted number", "checkpoint:\n  maxCheckpoints: \"10\"\n",
            "checkpoint.maxCheckpoints (line 2, col 19): must be an integer, was '10' (a string)"),
        bad("integer out of range", "checkpoint:\n  maxCheckpoints: 3000000000\n",
            "checkpoint.maxCheckpoints (line 2, col 19): must be an integer from -2147483648 to 2147483647, "
                + "was 3000000000 (an integer)"),
        bad("float for an integer", "audit:\n  maxEntries: 1.5\n",
            "audit.maxEntries (line 2, col 15): must be an integer, was 1.5 (a number)"),
        bad("string for a boolean", "checkpoint:\n  asyncCheckpoints: maybe\n",
            "checkpoint.asyncCheckpoints (line 2, col 21): must be a boolean (true or false), was 'maybe' (a string)"),
        bad("null for an integer", "audit:\n  maxEntries: ~\n",
            "audit.maxEntries (line 2, col 15): must be an integer, was null (no value)"),
        bad("unknown key with a near name", "checkpoint:\n  maxCheckpoint: 5\n",
            "checkpoint.maxCheckpoint (line 2, col 3): unknown key 'maxCheckpoint'; did you mean 'maxCheckpoints'?"),
        bad("unknown section", "chekpoint:\n  maxCheckpoints: 5\n",
            "chekpoint (line 1, col 1): unknown key 'chekpoint'; did you mean 'checkpoint'?"),
        bad("unknown nested key", "recovery:\n  retry:\n    maxAtempts: 3\n",
            "recovery.retry.maxAtempts (line 3, col 5): unknown key 'maxAtempts'; did you mean 'maxAttempts'?"),
        bad("unknown key far from every name", "audit:\n  colour: blue\n",
            "audit.colour (line 2, col 3): unknown key 'colour'; known: maxEntries, sink"),
        bad("global tag naming a class", "checkpoint: !!javax.script.ScriptEngineManager "
                + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]\n",
            "checkpoint (line 1, col 13): the tag !!javax.script.ScriptEngineManager is not allowed"),
        bad("local tag", "audit:\n  sink: !custom none\n", "audit.sink (line 2, col 9): the tag !custom is not allowed"),
        bad("alias bomb", billionLaughs(),
            "document (whole file): rejected: Number of aliases for non-scalar nodes exceeds the specified max=10"),
        bad("recursive alias", "checkpoint: &loop\n  autoCheckpoint: *loop\n",
            "checkpoint.autoCheckpoint (line 1, col 13): an alias refers to a value that contains it"),
        bad("merge key", "checkpoint:\n  <<: {maxCheckpoints: 3}\n",
            "checkpoint.<< (line 2, col 3): merge keys (<<) are not supported"),
        bad("empty file", "", "document (line 1, col 1): the file is empty"),
        bad("comments only", "# nothing here\n\n# still nothing\n", "document (line 1, col 1): the file is empty"),
        bad("invalid YAML", "checkpoint:\n  maxCheckpoints: 10\n    retentionMs: 5\n",
            "document (line 3, col 16): not valid YAML: mapping values are not allowed here"),
        bad("unclosed flow list", "checkpoint:\n  pinnedTypes: [SESSION_START\n",
            "document (line 3, col 1): not valid YAML: while parsing a flow sequence"),
        bad("two documents", "audit: {}\n---\ncheckpoint: {}\n",
            "document (line 2, col 1): not valid YAML: expected a single document in the stream"),
        bad("duplicate key", "checkpoint:\n  maxCheckpoints: 10\n  maxCheckpoints: 11\n",
            "checkpoint.maxCheckpoints (line 3, col 3): duplicate key 'maxCheckpoints' (first at line 2, col 3)"),
        bad("list where a map is expected", "checkpoint: [1, 2]\n",
            "checkpoint (line 1, col 13): must be a map of keys, was a list"),
        bad("list as the whole document", "- checkpoint\n- recovery\n",
            "document (line 1, col 1): must be a map of sections"),
        bad("scalar where a list is expected", "checkpoint:\n  pinnedTypes: SESSION_START\n",
            "checkpoint.pinnedTypes (line 2, col 16): must be a list of checkpoint types, was 'SESSION_START' (a string)"),
        bad("misspelt enum in a list", "checkpoint:\n  pinnedTypes: [SESSION_STRAT]\n",
            "checkpoint.pinnedTypes[0] (line 2, col 17): unknown checkpoint type 'SESSION_STRAT'; "
                + "did you mean 'SESSION_START'?"),
        bad("enum listed twice", "recovery:\n  retry:\n    retryOn: [TIMEOUT, TIMEOUT]\n",
            "recovery.retry.retryOn[1] (line 3, col 24): lists TIMEOUT twice"),
        bad("unknown failure type as a map key", "recovery:\n  byFailureType:\n    TIMEOUTS: IMMEDIATE\n",
            "recovery.byFailureType.TIMEOUTS (line 3, col 5): unknown failure type 'TIMEOUTS'; did you mean 'TIMEOUT'?"),
        bad("negative milliseconds", "checkpoint:\n  minIntervalMs: -5\n",
            "checkpoint.minIntervalMs (line 2, col 18): must be >= 0, was -5"),
        bad("zero timeout in milliseconds", "recovery:\n  timeLimiter:\n    stepTimeoutMs: 0\n",
            "recovery.timeLimiter.stepTimeoutMs (line 3, col 20): must be >= 1, was 0"),
        bad("bad combination", "recovery:\n  retry:\n    initialDelayMs: 1000\n    maxDelayMs: 100\n",
            "recovery.retry.maxDelayMs (line 4, col 17): (100) must be >= recovery.retry.initialDelayMs (1000)"),
        bad("multiplier below one", "recovery:\n  retry:\n    backoffMultiplier: 0.5\n",
            "recovery.retry.backoffMultiplier (line 3, col 24): must be a finite number >= 1.0, was 0.5"),
        bad("infinite multiplier", "recovery:\n  retry:\n    backoffMultiplier: .inf\n",
            "recovery.retry.backoffMultiplier (line 3, col 24): must be a finite number >= 1.0, was Infinity"),
        bad("unknown progressive mode", "recovery:\n  progressive:\n    mode: RANDOM\n",
            "recovery.progressive.mode (line 3, col 11): must be LINEAR or BISECT, was RANDOM"),
        bad("lower-case progressive mode", "recovery:\n  progressive:\n    mode: bisect\n",
            "recovery.progressive.mode (line 3, col 11): must be LINEAR or BISECT, was bisect"),
        bad("number for a progressive mode", "recovery:\n  progressive:\n    mode: 2\n",
            "recovery.progressive.mode (line 3, col 11): must be a string, was 2 (an integer)"),
        bad("unknown codec", "compression:\n  codec: gzip\n", "compression.codec (line 2, col 10): must be deflate, was gzip"),
        bad("codec none", "compression:\n  codec: none\n", "compression.codec (line 2, col 10): must be deflate, was none"),
        bad("blank store name", "storage:\n  type: \"  \"\n", "storage.type (line 2, col 9): must not be blank, was '  '"),
        bad("number for a string", "integrity:\n  hmacKeyEnv: 42\n",
            "integrity.hmacKeyEnv (line 2, col 15): must be a string or null, was 42 (an integer)"),
        bad("list as a store option", "storage:\n  options:\n    file:\n      path: [a, b]\n",
            "storage.options.file.path (line 4, col 13): must be a string, number or boolean, was a list"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFileIsRejectedWithItsLocationAndNoEngine(String name, String yaml, String expected) throws IOException {
    // given
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> open(file));
    // then
    assertEquals(1, e.problems().size(), () -> String.join("\n", e.problems()));
    assertTrue(e.problems().get(0).startsWith(expected), () -> "expected: " + expected + "\nwas:      " + e.problems().get(0));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(expected), e::getMessage);
  }

  @Test
  void everyProblemOfOneFileIsReportedAtOnce() {
    // given three independent mistakes
    String yaml = "checkpoint:\n  maxCheckpoints: -2\n  retentionMs: soon\naudit:\n  sinc: none\n";
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> RollbackConfigLoader.load(new StringReader(yaml), "three.yaml"));
    // then
    assertEquals(java.util.List.of(
        "checkpoint.maxCheckpoints (line 2, col 19): must be >= 1, was -2",
        "checkpoint.retentionMs (line 3, col 16): must be an integer, was 'soon' (a string)",
        "audit.sinc (line 5, col 3): unknown key 'sinc'; did you mean 'sink'?"), e.problems());
    assertTrue(e.getMessage().startsWith("invalid configuration in three.yaml: 3 problems"), e::getMessage);
  }

  @Test
  void fiftyMegabyteFileIsRejectedBeforeReading() throws IOException {
    // given a 50 MB file (sparse: nothing is written)
    Path file = dir.resolve("huge.yaml");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(50L * 1024 * 1024);
    }
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> open(file));
    // then
    assertTrue(e.getMessage().contains("has 52428800 bytes, more than the 3145728 allowed"), e::getMessage);
  }

  @Test
  void fiftyMegabyteStreamIsRejectedAfterTheCodePointLimitWithoutReadingItAll() {
    // given a reader that would produce 50 MB of valid YAML and counts what is read
    CountingYamlReader reader = new CountingYamlReader(50L * 1024 * 1024);
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> RollbackConfigLoader.load(reader, "stream"));
    // then
    assertTrue(e.problems().get(0).startsWith("document (whole file): rejected: The incoming YAML document exceeds "
        + "the limit: 3145728 code points."), e::getMessage);
    assertTrue(reader.produced < 4L * 1024 * 1024, "read " + reader.produced + " chars");
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    // given
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', 'u', 'd', 'i', 't', ':', ' ', '{', 's', 'i', 'n', 'k', ':', ' ', (byte) 0xE9, '}'});
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> open(file));
    // then
    assertTrue(e.getMessage().contains("not valid UTF-8"), e::getMessage);
  }

  @Test
  void missingFileNamesThePath() {
    // given
    Path file = dir.resolve("absent.yaml");
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> open(file));
    // then
    assertTrue(e.getMessage().contains(file + " does not exist"), e::getMessage);
  }

  private static SessionRollbackEngine open(Path file) {
    return SessionRollback.fromConfig(file);
  }

  private static Arguments bad(String name, String yaml, String expected) {
    return Arguments.of(name, yaml, expected);
  }

  private static String billionLaughs() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append('a').append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  /** Produce "k<n>: v\n" lines up to a size, counting the chars handed out. */
  private static final class CountingYamlReader extends Reader {
    private final long size;
    private long produced;
    private long line;
    private String pending = "";

    CountingYamlReader(long size) {
      this.size = size;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (produced >= size) {
        return -1;
      }
      int n = 0;
      while (n < length && produced < size) {
        if (pending.isEmpty()) {
          pending = "k" + line++ + ": v\n";
        }
        buffer[offset + n++] = pending.charAt(0);
        pending = pending.substring(1);
        produced++;
      }
      return n;
    }

    @Override
    public void close() {}
  }
}
