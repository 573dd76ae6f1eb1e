package dev.magnus.rollback.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/*
 * Print the commands' human output: a step name in bold (on a terminal only: the Ansi comes from
 * picocli's colour scheme, AUTO by default) and its text, details indented below. Only fixed labels
 * go through markup; user data is printed as is. Not thread-safe.
 */
final class Printer {
  private final PrintWriter out;
  private final Ansi ansi;

  Printer(PrintWriter out, Ansi ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  void step(String name, String text) {
    out.print(ansi.string("@|bold " + String.format("%-18s", name) + "|@"));
    out.println(" " + text);
    out.flush();
  }

  void detail(String text) {
    out.println("    " + text);
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  void good(String text) {
    coloured("green", text);
  }

  void bad(String text) {
    coloured("red", text);
  }

  private void coloured(String style, String text) {
    boolean markupFree = !text.contains("@|") && !text.contains("|@");
    out.println(markupFree ? ansi.string("@|" + style + " " + text + "|@") : text);
    out.flush();
  }

  PrintWriter writer() {
    return out;
  }
}
