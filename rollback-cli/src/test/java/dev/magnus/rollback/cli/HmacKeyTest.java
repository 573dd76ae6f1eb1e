package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written with an HMAC key, read without it or with another one: the CLI says which key is
 * missing and how to supply it (exit 2) instead of reporting every checkpoint as damaged.
 */
class HmacKeyTest {
  private static final Map<String, String> KEY = Map.of("ROLLBACK_HMAC_KEY", "the-right-key");

  @TempDir
  Path dir;
  private Path data;
  private List<Checkpoint> written;

  @BeforeEach
  void writeKeyedStore() {
    data = dir.resolve("data");
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_HMAC_KEY")).build();
    written = HistoryStore.write(data, keyed, KEY);
  }

  private Cli.Result run(Map<String, String> environment, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return Cli.runWith(environment, all);
  }

  @Test
  void verifyWithoutAKeySaysTheCheckpointsNeedOneAndHowToGiveItNotThatTheyAreDamaged() throws IOException {
    // when
    Cli.Result result = run(Map.of(), "verify");
    Cli.Result json = run(Map.of(), "verify", "--json");
    // then
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertTrue(result.out().contains("the checkpoints of session 's-1' were written with an HMAC key, and this run has "
        + "none"), result::toString);
    assertTrue(result.out().contains("--hmac-key-env ROLLBACK_HMAC_KEY") && result.out().contains("not damaged"),
        result::toString);
    assertFalse(result.out().contains("integrity check failed") || result.out().contains("Roll back"),
        result::toString);
    assertEquals(List.of(), JsonText.object(json.out()).get("problems"), json::toString);
    assertEquals(1, ((List<?>) JsonText.object(json.out()).get("hmacKey")).size(), json::toString);
  }

  @Test
  void aKeyVariableThatIsNotSetIsNamedWithHowToSetIt() {
    // when
    Cli.Result result = run(Map.of(), "verify", "--hmac-key-env", "ROLLBACK_HMAC_KEY");
    // then
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertTrue(result.err().contains("--hmac-key-env ROLLBACK_HMAC_KEY: the environment variable ROLLBACK_HMAC_KEY is "
        + "not set (or is empty)"), result::toString);
    assertTrue(result.err().contains("`ROLLBACK_HMAC_KEY=<the key> rollback verify --hmac-key-env ROLLBACK_HMAC_KEY"),
        result::toString);
    assertEquals(1, result.err().strip().lines().count(), result::toString);
  }

  @Test
  void withTheKeyEverythingVerifiesAndShows() {
    // when
    Cli.Result verify = run(KEY, "verify", "--hmac-key-env", "ROLLBACK_HMAC_KEY");
    Cli.Result show = run(KEY, "show", "s-1", written.get(2).id().value(), "--hmac-key-env", "ROLLBACK_HMAC_KEY");
    // then
    assertEquals(0, verify.code(), verify::toString);
    assertEquals(0, show.code(), show::toString);
  }

  @Test
  void anotherKeyIsAKeyProblemForShowDiffAndRestoreToo() {
    // given
    Map<String, String> wrong = Map.of("ROLLBACK_HMAC_KEY", "another-key");
    String a = written.get(1).id().value();
    String b = written.get(2).id().value();
    // when
    List<Cli.Result> results = List.of(run(wrong, "verify", "--hmac-key-env", "ROLLBACK_HMAC_KEY"),
        run(wrong, "show", "s-1", a, "--hmac-key-env", "ROLLBACK_HMAC_KEY"),
        run(wrong, "diff", "s-1", a, b, "--hmac-key-env", "ROLLBACK_HMAC_KEY"),
        run(wrong, "restore", "s-1", a, "--hmac-key-env", "ROLLBACK_HMAC_KEY"),
        run(Map.of(), "show", "s-1", a));
    // then
    for (Cli.Result result : results) {
      assertEquals(ExitCodes.USAGE, result.code(), result::toString);
      assertTrue((result.out() + result.err()).contains("were not hashed with the HMAC key in ROLLBACK_HMAC_KEY")
          || (result.out() + result.err()).contains("were written with an HMAC key, and this run has none"),
          result::toString);
    }
    assertEquals(written, HistoryStoreReader.checkpoints(data), "restore with the wrong key changed nothing");
  }
}
