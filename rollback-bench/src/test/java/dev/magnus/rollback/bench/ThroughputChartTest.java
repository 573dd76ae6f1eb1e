package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ThroughputChartTest {
  @Test
  void drawsOneWellFormedPolylinePerStoreWithOnePointPerSessionCount() throws Exception {
    // given
    List<ThroughputChart.Series> series = List.of(
        new ThroughputChart.Series("memory <engine>", new double[] {20_000, 30_000, 31_000}),
        new ThroughputChart.Series("file store", new double[] {500, 3_000, 9_000}),
        new ThroughputChart.Series("SQLite & co", new double[] {800, 700, 650}));

    // when
    String svg = ThroughputChart.svg("throughput", new int[] {1, 8, 32}, series);

    // then
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    NodeList lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
    assertEquals(3, lines.getLength());
    for (int i = 0; i < lines.getLength(); i++) {
      String points = lines.item(i).getAttributes().getNamedItem("points").getNodeValue();
      assertEquals(3, points.split(" ").length, points);
    }
    assertTrue(svg.contains("memory &lt;engine&gt;"));
  }

  @Test
  void refusesASeriesWithTheWrongNumberOfPoints() {
    // given
    List<ThroughputChart.Series> series = List.of(new ThroughputChart.Series("short", new double[] {1, 2}));

    // when / then
    assertThrows(IllegalArgumentException.class, () -> ThroughputChart.svg("t", new int[] {1, 8, 32}, series));
  }
}
