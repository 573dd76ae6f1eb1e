package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Two contract subclasses in one run, as Surefire runs a project's tests: the class names JUnit
 * reports for their cases are the groups' own, shared by both subclasses, while the XML the kit
 * writes with {@code rollback.tck.reportsDir} qualifies every class name by its subclass.
 */
class QualifiedJunitXmlTest {
  /** A strategy that fails some cases and, not replaying steps, skips the Steps group. */
  static final class BlindContract extends RecoveryStrategyContract {
    @Override
    protected RecoveryStrategy createStrategy(RecoveryConfig config) {
      return new BrokenStrategies.RestoresNewestBlindly();
    }
  }

  /** A case as JUnit XML names it. */
  record XmlCase(String file, String classname, String name) {}

  private static List<XmlCase> cases(Path directory) throws Exception {
    List<XmlCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
        NodeList testcases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
            .getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
          Element c = (Element) testcases.item(i);
          cases.add(new XmlCase(file.getFileName().toString(), c.getAttribute("classname"), c.getAttribute("name")));
        }
      }
    }
    return cases;
  }

  private static void runBothContracts(Path legacy, Path kit) {
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(NewestGoodStrategyContractTest.class), selectClass(StepReplayingStrategyContractTest.class))
        .configurationParameter(ContractSummaryExtension.REPORTS_PARAMETER, kit.toString())
        .configurationParameter(ContractSummaryExtension.SUMMARY_PARAMETER, "false").build(),
        new LegacyXmlReportGeneratingListener(legacy, new PrintWriter(new StringWriter())));
  }

  @Test
  void twoContractSubclassesGetDistinctQualifiedClassNames(@TempDir Path legacy, @TempDir Path kit) throws Exception {
    // given
    runBothContracts(legacy, kit);
    List<XmlCase> junits = cases(legacy);
    // when
    List<XmlCase> kits = cases(kit);
    // then
    assertTrue(junits.stream().filter(c -> c.classname().endsWith("RecoveryStrategyContract$Outcomes")).count() >= 12,
        "JUnit's own XML names both subclasses' cases after the shared group class: " + junits);
    assertEquals(junits.size(), kits.size(), "the kit reports every case JUnit reports");
    Set<String> seen = new HashSet<>();
    for (XmlCase c : kits) {
      String suite = c.file().substring("TEST-".length(), c.file().length() - ".xml".length());
      assertTrue(c.classname().startsWith(suite + "."), c + " is qualified by its contract subclass");
      assertTrue(seen.add(c.classname() + "#" + c.name()), "two cases share the name " + c);
    }
    assertTrue(seen.contains(NewestGoodStrategyContractTest.class.getName() + ".Outcomes#"
        + "recoveringWithGoodCheckpointsSucceedsAndRestoresOneOfThem"), seen::toString);
    assertTrue(seen.contains(StepReplayingStrategyContractTest.class.getName() + ".Outcomes#"
        + "recoveringWithGoodCheckpointsSucceedsAndRestoresOneOfThem"), seen::toString);
  }

  @Test
  void skippedAndFailedCasesCarryTheirReasonInTheKitsXml(@TempDir Path kit) throws Exception {
    // when
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(BlindContract.class))
        .configurationParameter(ContractSummaryExtension.REPORTS_PARAMETER, kit.toString())
        .configurationParameter(ContractSummaryExtension.SUMMARY_PARAMETER, "false").build());
    // then
    String xml;
    try (Stream<Path> files = Files.list(kit)) {
      xml = Files.readString(files.findFirst().orElseThrow());
    }
    assertTrue(xml.contains("<skipped message=\"") && xml.contains("Steps"), xml);
    assertTrue(xml.contains("<failure message=\""), xml);
  }
}
