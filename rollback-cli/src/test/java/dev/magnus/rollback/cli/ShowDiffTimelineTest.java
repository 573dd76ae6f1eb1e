package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code show}, {@code diff} and {@code timeline} on a session with changed, added and removed values and two rollbacks. */
class ShowDiffTimelineTest {
  @TempDir
  Path dir;
  private Path data;
  private List<Checkpoint> written;

  @BeforeEach
  void writeStore() {
    data = dir.resolve("data");
    written = HistoryStore.write(data);
  }

  private Cli.Result run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return Cli.run(all);
  }

  private String id(int sequence) {
    return written.get(sequence - 1).id().value();
  }

  @Test
  void showPrintsTheVerifiedStateAsPrettyJson() throws IOException {
    // when
    Cli.Result text = run("show", "s-1", id(3));
    Cli.Result json = run("show", "s-1", id(3), "--json");
    // then
    assertEquals(0, text.code(), text::toString);
    assertTrue(text.out().contains("state hash and chain hash verified"), text::toString);
    Map<?, ?> state = JsonText.object(text.out().substring(text.out().indexOf('{')));
    assertEquals(Map.of("n", 2L, "plan", Map.of("step", 3L), "route", Map.of("model", "opus")), state.get("attributes"));
    assertTrue(text.out().contains("\n  \"attributes\" : {"), "pretty: one member per line, indented: " + text);
    Map<?, ?> all = JsonText.object(json.out());
    assertEquals(3L, ((Map<?, ?>) all.get("checkpoint")).get("sequence"));
    assertEquals(state, all.get("state"));
  }

  @Test
  void showOfACheckpointThatFailsItsChainHashExitsOneWithTheProblemAndNoState() throws IOException {
    // given: a ninth checkpoint appended behind the engine's back, #8's fields and payload under another id
    String forged = HistoryStore.forgeNinth(data);
    Map<String, String> before = StoreFiles.snapshot(data);
    // when
    Cli.Result result = run("show", "s-1", forged);
    Cli.Result diff = run("diff", "s-1", id(8), forged);
    // then
    assertEquals(ExitCodes.PROBLEMS, result.code(), result::toString);
    assertTrue(result.err().contains("session 's-1' checkpoint #9 (" + forged + "): integrity check failed: its chain "
        + "hash does not match"), result::toString);
    assertTrue(result.err().contains("its state is not shown (`rollback verify --data "), result::toString);
    assertFalse(result.err().contains("Roll back to another checkpoint"), result::toString);
    assertFalse(result.out().contains("\"attributes\""), result::toString);
    assertEquals(ExitCodes.PROBLEMS, diff.code(), diff::toString);
    assertEquals(before, StoreFiles.snapshot(data), "show changed the store");
  }

  @Test
  void diffNamesEachChangedAddedAndRemovedPathWithOldAndNewValues() {
    // when
    Cli.Result result = run("diff", "s-1", id(2), id(3));
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("\n  $.attributes.plan.step: 2 -> 3\n"), result::toString);
    assertTrue(result.out().contains("\n  $.attributes.n: 1 -> 2\n"), result::toString);
    assertTrue(result.out().contains("\n+ $.attributes.route: {\"model\":\"opus\"}\n"), result::toString);
    assertTrue(result.out().contains("\n- $.attributes.draft: \"x\"\n"), result::toString);
    assertTrue(result.out().contains("both verified"), result::toString);
  }

  @Test
  void diffJsonIsAnArrayOfPathOldAndNew() throws IOException {
    // when
    Cli.Result result = run("diff", "--json", "s-1", id(2), id(3));
    Cli.Result same = run("diff", "--json", "s-1", id(3), id(8));
    // then
    assertEquals(0, result.code(), result::toString);
    List<?> changes = (List<?>) JsonText.parse(result.out());
    assertTrue(changes.contains(Map.of("path", "$.attributes.plan.step", "change", "changed", "old", 2L, "new", 3L)),
        changes.toString());
    assertTrue(changes.contains(Map.of("path", "$.attributes.route", "change", "added", "new", Map.of("model", "opus"))),
        changes.toString());
    assertTrue(changes.contains(Map.of("path", "$.attributes.draft", "change", "removed", "old", "x")),
        changes.toString());
    List<?> restored = (List<?>) JsonText.parse(same.out());
    assertEquals(List.of("$.revision"), restored.stream().map(c -> ((Map<?, ?>) c).get("path")).toList(),
        "#8 restores #3's attributes, only the revision differs: " + same);
  }

  @Test
  void timelineSvgIsXmlWithOneMarkPerCheckpointAndOneJumpPerRollback() throws Exception {
    // given
    Path svg = dir.resolve("timeline.svg");
    // when
    Cli.Result result = run("timeline", "s-1", "--svg", svg.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    Document doc = parseXml(svg);
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals(written.size(), byClass(doc, "g", "checkpoint"), "one mark per checkpoint");
    assertEquals(2, byClass(doc, "path", "jump"), "one jump per rollback");
    String picture = Files.readString(svg);
    assertTrue(picture.contains("rollback to #2") && picture.contains("rollback to #3"), picture);
    for (String type : List.of("SESSION_START", "USER_REQUESTED", "PRE_ROLLBACK", "RECOVERY_POINT")) {
      assertTrue(picture.contains(">" + type + "</text>"), "the legend names " + type);
    }
  }

  @Test
  void timelineTableAndJsonShowTheJumpsFromThePreRollbackHeadBackToTheTarget() throws IOException {
    // when
    Cli.Result table = run("timeline", "s-1");
    Cli.Result json = run("timeline", "s-1", "--json");
    // then
    assertEquals(0, table.code(), table::toString);
    assertTrue(table.out().contains("<- rollback from #4 back to #2"), table::toString);
    assertTrue(table.out().contains("<- rollback from #7 back to #3"), table::toString);
    List<?> rollbacks = (List<?>) JsonText.object(json.out()).get("rollbacks");
    assertEquals(2, rollbacks.size(), json::toString);
    Map<?, ?> first = (Map<?, ?>) rollbacks.get(0);
    assertEquals(List.of(4L, 2L, 5L), List.of(first.get("fromSequence"), first.get("toSequence"),
        first.get("recoveryPointSequence")));
  }

  @Test
  void anUnknownSessionOrCheckpointIsOneLineNamingTheCommandThatListsThem() {
    // when
    Cli.Result session = run("show", "nope", id(1));
    Cli.Result checkpoint = run("diff", "s-1", id(1), "NOSUCHCHECKPOINT");
    Cli.Result timeline = run("timeline", "nope");
    // then
    assertEquals(ExitCodes.PROBLEMS, session.code(), session::toString);
    assertTrue(session.err().contains("no session 'nope'") && session.err().contains("`rollback inspect --data "),
        session::toString);
    assertEquals(ExitCodes.PROBLEMS, checkpoint.code(), checkpoint::toString);
    assertTrue(checkpoint.err().contains("session 's-1' has no checkpoint NOSUCHCHECKPOINT")
        && checkpoint.err().contains("`rollback inspect s-1 --data "), checkpoint::toString);
    assertFalse(checkpoint.err().contains("session.checkpoints()"), checkpoint::toString);
    assertEquals(ExitCodes.PROBLEMS, timeline.code(), timeline::toString);
    assertEquals(1, timeline.err().strip().lines().count(), timeline::toString);
  }

  private static Document parseXml(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static int byClass(Document doc, String element, String cls) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", element);
    int n = 0;
    for (int i = 0; i < nodes.getLength(); i++) {
      if (cls.equals(((Element) nodes.item(i)).getAttribute("class"))) {
        n++;
      }
    }
    return n;
  }
}
