package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * TCK.md's case tables are the cases the contracts declare: every group, every case by method name,
 * each group's count and each heading's totals. The code's side is a dry run of a concrete subclass of
 * each contract (every case listed as skipped, none run), so every invocation of a parameterized case
 * counts. The table format is {@link CaseTables}'s; TCK.md repeats its rules above the tables.
 */
class CaseTablesTest {
  private static final Path DOCUMENT = Path.of("TCK.md");

  /** Never run: the dry run only lists the store contract's cases. */
  static final class ListedStoreContract extends CheckpointStoreContract {
    @Override
    protected CheckpointStore createStore(Path dir) {
      throw new UnsupportedOperationException("a dry run creates no store");
    }
  }

  /** Never run: the dry run only lists the strategy contract's cases. */
  static final class ListedStrategyContract extends RecoveryStrategyContract {
    @Override
    protected RecoveryStrategy createStrategy(RecoveryConfig config) {
      throw new UnsupportedOperationException("a dry run creates no strategy");
    }
  }

  /** Never run: the dry run only lists the engine contract's cases. */
  static final class ListedEngineContract extends SessionRollbackEngineContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      throw new UnsupportedOperationException("a dry run creates no engine");
    }

    @Override
    protected CheckpointStore createStore() {
      throw new UnsupportedOperationException("a dry run creates no store");
    }
  }

  /** Return the cases a contract subclass declares: method name to invocations, by group. */
  static Map<String, Map<String, Integer>> declared(Class<?> contract) {
    RunnerSummaryListener listed = new RunnerSummaryListener(new ContractSummary(contract.getName()));
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract))
        .configurationParameter(ContractSummaryExtension.DRY_RUN_PARAMETER, "true").build(), listed);
    Map<String, Map<String, Integer>> groups = new TreeMap<>();
    for (ContractSummary.CaseResult c : listed.summary().results()) {
      assertEquals(ContractSummaryExtension.DRY_RUN_REASON, c.reason().orElse(""), "a dry run runs nothing: " + c);
      groups.computeIfAbsent(c.group(), g -> new TreeMap<>()).merge(c.name(), 1, Integer::sum);
    }
    return groups;
  }

  private static List<String> compare(String contract, Class<?> subclass) throws IOException {
    CaseTables.Table documented = CaseTables.parse(Files.readString(DOCUMENT)).get(contract);
    if (documented == null) {
      return List.of("TCK.md has no heading \"### ... (`" + contract + "`): M cases in G groups\"");
    }
    return CaseTables.differences(documented, declared(subclass));
  }

  @Test
  void theStoreContractTableListsEveryDeclaredCase() throws IOException {
    List<String> problems = compare("CheckpointStoreContract", ListedStoreContract.class);
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void theStrategyContractTableListsEveryDeclaredCase() throws IOException {
    List<String> problems = compare("RecoveryStrategyContract", ListedStrategyContract.class);
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void theEngineContractTableListsEveryDeclaredCase() throws IOException {
    List<String> problems = compare("SessionRollbackEngineContract", ListedEngineContract.class);
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void theParserReadsRemarksInvocationsAndCapabilities() {
    // given
    String text = "### Store contract (`X`): 3 methods, 4 cases in 2 groups\n\n| group | cases |\n| --- | --- |\n"
        + "| A (3, DURABLE) | one × 2 (`a`, `b\\|c`), two (+ `hook`) |\n| B (1) | label (`x`): three |\n";
    // when
    CaseTables.Table table = CaseTables.parse(text).get("X");
    // then
    assertEquals(new LinkedHashMap<>(Map.of("A", new CaseTables.Row(3, Map.of("one", 2, "two", 1)),
        "B", new CaseTables.Row(1, Map.of("three", 1)))), new LinkedHashMap<>(table.rows()));
    assertEquals(List.of(), CaseTables.differences(table, Map.of("A", Map.of("one", 2, "two", 1),
        "B", Map.of("three", 1))));
  }

  @Test
  void aMissingAnExtraAndAMiscountedCaseAreEachNamed() {
    // given
    CaseTables.Table table = CaseTables.parse("### S (`X`): 3 cases in 1 groups\n"
        + "| G (3) | kept, gone × 2 |\n").get("X");
    Map<String, Map<String, Integer>> code = Map.of("G", Map.of("kept", 1, "gone", 1, "added", 1),
        "H", Map.of("other", 1));
    // when
    String problems = CaseTables.differences(table, code).stream().collect(Collectors.joining("\n"));
    // then
    for (String expected : List.of("G.added", "G.gone", "group H", "4 cases", "2 groups")) {
      assertTrue(problems.contains(expected), expected + " in\n" + problems);
    }
    assertEquals(5, problems.split("\n").length, problems);
  }
}
