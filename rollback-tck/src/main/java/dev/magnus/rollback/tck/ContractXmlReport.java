package dev.magnus.rollback.tck;

import dev.magnus.rollback.tck.ContractSummary.CaseResult;
import dev.magnus.rollback.tck.ContractSummary.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Write one contract run as JUnit XML ({@code TEST-<suite>.xml}, the format Surefire writes and CI
 * servers read), with every case's class name qualified by the suite: {@code <suite>.<group>}. Two
 * contract subclasses in one build therefore never report under the same class name, which the
 * groups' own class (an inner class of the abstract contract, shared by every subclass) cannot give.
 * Stateless.
 */
final class ContractXmlReport {
  private ContractXmlReport() {}

  /**
   * Write the report file.
   *
   * @param summary the finished run
   * @param suite the suite name, also the prefix of every class name
   * @param directory where to write, created if absent
   * @return the file written
   */
  static Path write(ContractSummary summary, String suite, Path directory) {
    Path file = directory.resolve("TEST-" + suite.replaceAll("[^\\w.-]", "_") + ".xml");
    try {
      Files.createDirectories(directory);
      try (OutputStream out = Files.newOutputStream(file)) {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        writeSuite(xml, summary.results(), suite);
        xml.writeEndDocument();
        xml.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TCK's JUnit XML to " + file, e);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the TCK's JUnit XML to " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static void writeSuite(XMLStreamWriter xml, List<CaseResult> results, String suite)
      throws XMLStreamException {
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", clean(suite));
    xml.writeAttribute("tests", Integer.toString(results.size()));
    xml.writeAttribute("failures", Long.toString(results.stream().filter(ContractXmlReport::isFailure).count()));
    xml.writeAttribute("errors", Long.toString(results.stream().filter(ContractXmlReport::isError).count()));
    xml.writeAttribute("skipped", Long.toString(results.stream().filter(r -> r.status() == Status.SKIPPED).count()));
    xml.writeAttribute("time", seconds(results.stream().map(CaseResult::time).reduce(Duration.ZERO, Duration::plus)));
    for (CaseResult result : results) {
      writeCase(xml, result, suite);
    }
    xml.writeEndElement();
  }

  private static void writeCase(XMLStreamWriter xml, CaseResult result, String suite) throws XMLStreamException {
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", clean(result.name()));
    xml.writeAttribute("classname", clean(suite + "." + result.group()));
    xml.writeAttribute("time", seconds(result.time()));
    if (result.status() == Status.SKIPPED) {
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", clean(result.reason().orElse("")));
    } else if (result.status() == Status.FAILED) {
      xml.writeStartElement(isFailure(result) ? "failure" : "error");
      xml.writeAttribute("message", clean(result.reason().orElse("")));
      xml.writeAttribute("type", result.error().map(e -> e.getClass().getName()).orElse(""));
      xml.writeCharacters(clean(result.error().map(ContractXmlReport::stackTrace).orElse("")));
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static boolean isFailure(CaseResult r) {
    return r.status() == Status.FAILED && r.error().filter(AssertionError.class::isInstance).isPresent();
  }

  private static boolean isError(CaseResult r) {
    return r.status() == Status.FAILED && !isFailure(r);
  }

  private static String seconds(Duration time) {
    return String.format(Locale.ROOT, "%.3f", time.toNanos() / 1e9);
  }

  private static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** Replace what XML 1.0 cannot carry (control characters, lone surrogates) with '?'. */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : '?'));
    return out.toString();
  }
}
