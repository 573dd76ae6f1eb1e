package dev.magnus.rollback.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Run the command line in-process and capture what it printed. */
final class Cli {
  private Cli() {}

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  static Result run(String... args) {
    return runWith(System.getenv(), args);
  }

  /** Run with these environment variables instead of the process's (the HMAC key variables). */
  static Result runWith(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = RollbackCommand.commandLine(environment);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
