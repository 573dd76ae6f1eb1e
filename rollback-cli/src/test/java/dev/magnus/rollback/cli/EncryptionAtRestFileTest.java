package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encryption at rest on the file store: no file of the store directory holds the plaintext, and it reads back. */
class EncryptionAtRestFileTest {
  private static final String MARKER = "plaintext-marker-in-files";
  private static final Map<String, String> ENVIRONMENT = Map.of("FILE_TEST_KEY",
      Base64.getEncoder().encodeToString("f".repeat(32).getBytes(StandardCharsets.US_ASCII)));

  @TempDir
  Path dir;

  private SessionRollbackEngine engine(boolean encrypted) {
    IntegrityConfig integrity = IntegrityConfig.ofDefaults()
        .withEncryption(encrypted ? EncryptionConfig.withKey("file", "FILE_TEST_KEY") : EncryptionConfig.off());
    return SessionRollback.builder().store(FileStores.builder(dir).open())
        .config(RollbackConfig.custom().integrity(integrity).build()).environment(ENVIRONMENT).build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void onlyAnUnencryptedStoreHoldsThePlaintextAndBothReadBack(boolean encrypted) throws IOException {
    try (SessionRollbackEngine engine = engine(encrypted)) {
      Session s = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("note", MARKER, "step", 1L));
      s.update(st -> st.with("step", 2L).with("long", MARKER.repeat(2_000)));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "second");
    }
    try (SessionRollbackEngine engine = engine(encrypted)) {
      assertEquals(2L, engine.resume("s1").getCurrentState().attributes().get("step"));
    }
    boolean found;
    try (Stream<Path> files = Files.walk(dir)) {
      found = files.filter(Files::isRegularFile).anyMatch(EncryptionAtRestFileTest::holdsMarker);
    }
    assertEquals(!encrypted, found, encrypted ? "a store file holds the plaintext" : "the control found no plaintext");
  }

  private static boolean holdsMarker(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("plaintext-marker");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anEncryptedStoreWithoutTheKeySaysTheKeyIsNeeded() {
    try (SessionRollbackEngine engine = engine(true)) {
      engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("note", MARKER));
    }
    try (SessionRollbackEngine engine = SessionRollback.builder().store(FileStores.builder(dir).open()).build()) {
      RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> engine.resume("s1"));
      assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
    }
  }

  @Test
  void theCliReadsWithKeysListsNoKeyRingAndWithoutKeysSaysWhichKeyIsNeeded() {
    String checkpoint;
    try (SessionRollbackEngine engine = engine(true)) {
      Session s = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("note", MARKER));
      checkpoint = s.createCheckpoint(CheckpointType.USER_REQUESTED, "one").id().value();
    }
    String data = "--data=" + dir;

    Cli.Result inspect = Cli.runWith(ENVIRONMENT, "inspect", data);
    Cli.Result verified = Cli.runWith(ENVIRONMENT, "verify", data, "--key", "file=FILE_TEST_KEY");
    Cli.Result shown = Cli.runWith(ENVIRONMENT, "show", data, "--key", "file=FILE_TEST_KEY", "s1", checkpoint);
    Cli.Result keyless = Cli.runWith(ENVIRONMENT, "show", data, "s1", checkpoint);
    Cli.Result keylessVerify = Cli.runWith(ENVIRONMENT, "verify", data);

    assertEquals(0, inspect.code(), inspect::toString);
    assertTrue(inspect.out().contains("s1") && !inspect.out().contains("keyring"), inspect::toString);
    assertEquals(0, verified.code(), verified::toString);
    assertEquals(0, keylessVerify.code(), "without the key: digests and chains checked " + keylessVerify);
    assertEquals(0, shown.code(), shown::toString);
    assertTrue(shown.out().contains(MARKER), shown::toString);
    assertTrue(keyless.code() != 0 && (keyless.out() + keyless.err()).contains("is encrypted"), keyless::toString);
    assertTrue(!(keyless.out() + keyless.err()).contains(MARKER), keyless::toString);
  }

  @Test
  void rekeyAndCopyWorkOnAnEncryptedStoreFromTheCli(@TempDir Path copyDir) {
    String newKey = Base64.getEncoder().encodeToString("n".repeat(32).getBytes(StandardCharsets.US_ASCII));
    Map<String, String> env = Map.of("FILE_TEST_KEY", ENVIRONMENT.get("FILE_TEST_KEY"), "NEW_KEY", newKey);
    try (SessionRollbackEngine engine = engine(true)) {
      engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("note", MARKER));
    }
    String data = "--data=" + dir;

    Cli.Result rekey = Cli.runWith(env, "rekey", data, "--key", "file=FILE_TEST_KEY", "--key", "new=NEW_KEY",
        "--active", "new");
    Cli.Result oldOnly = Cli.runWith(env, "verify", data, "--key", "file=FILE_TEST_KEY");
    Cli.Result newOnly = Cli.runWith(env, "verify", data, "--key", "new=NEW_KEY");
    Cli.Result copy = Cli.runWith(env, "copy", "--from=file:" + dir, "--to=file:" + copyDir);
    Cli.Result copied = Cli.runWith(env, "verify", "--data=" + copyDir, "--key", "new=NEW_KEY");

    assertEquals(0, rekey.code(), rekey::toString);
    assertTrue(rekey.out().contains("rewrapped 1 data key under key 'new', deleted 1 older wrapping"), rekey::toString);
    assertTrue(oldOnly.code() != 0, "the old key no longer opens it: " + oldOnly);
    assertEquals(0, newOnly.code(), newOnly::toString);
    assertEquals(0, copy.code(), copy::toString);
    assertEquals(0, copied.code(), copied::toString);
  }

  @Test
  void anEncryptedSessionIsExportedWithoutTheKeyAndImportedElsewhereReadsBackWithIt(@TempDir Path other)
      throws IOException {
    String id;
    try (SessionRollbackEngine engine = engine(true)) {
      id = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("note", MARKER))
          .checkpoints().get(0).id().value();
    }
    Path file = other.resolve("s1.jsonl");
    Path target = other.resolve("target");

    Cli.Result export = Cli.runWith(Map.of(), "export", "--data", dir.toString(), "--out", file.toString(), "s1");
    Cli.Result imported = Cli.runWith(Map.of(), "import", file.toString(), "--data", target.toString());
    Cli.Result keyless = Cli.runWith(Map.of(), "show", "s1", id, "--data", target.toString());
    Cli.Result show = Cli.runWith(ENVIRONMENT, "show", "s1", id, "--data", target.toString(), "--key", "file=FILE_TEST_KEY");

    assertEquals(0, export.code(), export::toString);
    assertTrue(!holdsMarker(file), "the export holds no plaintext");
    assertEquals(0, imported.code(), imported::toString);
    assertTrue(imported.out().contains("imported 1 checkpoints of 1 session"), imported::toString);
    assertTrue(keyless.code() != 0 && (keyless.out() + keyless.err()).contains("is encrypted"), keyless::toString);
    assertEquals(0, show.code(), show::toString);
    assertTrue(show.out().contains(MARKER), show::toString);
  }
}
