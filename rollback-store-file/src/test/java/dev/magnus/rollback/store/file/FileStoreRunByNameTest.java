package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreFileLayout;
import dev.magnus.rollback.tck.TckRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider registered as {@code file} describes its files, so the conformance kit's runner, knowing
 * only the name, runs the crash and corruption groups instead of skipping them.
 */
class FileStoreRunByNameTest {
  @Test
  void theRegisteredProviderDescribesTheStoresFiles() {
    // when
    CheckpointStoreProvider provider = ServiceLoader.load(CheckpointStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("file")).findFirst().orElseThrow();
    // then
    assertTrue(provider instanceof StoreFileLayout, provider.getClass().getName());
  }

  @Test
  void tckRunnerByNameRunsCrashRecoveryAndCorruptionWithoutSkipping(@TempDir Path reports) {
    // given
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // when
    int status = TckRunner.run(new String[] {"--store", "file", "--groups", "CrashRecovery,Corruption", "--reports",
        reports.toString()}, out);
    // then
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, printed);
    assertEquals("1 0 0", row(printed, "CrashRecovery"), printed);
    assertTrue(row(printed, "Corruption").matches("([1-9]\\d+) 0 0"), printed);
  }

  /** Return a group's passed, failed and skipped counts, space-separated. */
  private static String row(String printed, String group) {
    Matcher m = Pattern.compile("(?m)^" + group + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(printed);
    assertTrue(m.find(), () -> "no row for " + group + " in\n" + printed);
    return m.group(1) + " " + m.group(2) + " " + m.group(3);
  }
}
