package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One node of {@link TwoProcessesTest}, run in its own JVM: resume the session from the shared
 * database, wait for {@code go} on standard input, then try to checkpoint {@code attempts} times,
 * printing {@code ACK <id>} for each commit and {@code CONFLICT <message>} for each conflict (after
 * which it reloads the session), and {@code DONE} at the end. Any other failure ends the JVM with a
 * stack trace and a non-zero status.
 */
public final class ConflictNode {
  private ConflictNode() {}

  /**
   * Run the node.
   *
   * @param args schema, session id, node name, attempts
   * @throws IOException if standard input fails
   */
  public static void main(String[] args) throws IOException {
    String session = args[1];
    int attempts = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (SessionRollbackEngine engine = Nodes.engine(args[0])) {
      final Session s = engine.resume(session);
      out.println("READY");
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (int i = 0; i < attempts; i++) {
        try {
          out.println("ACK " + s.createCheckpoint(CheckpointType.USER_REQUESTED, args[2] + " " + i).id());
        } catch (CheckpointConflictException e) {
          out.println("CONFLICT " + e.getMessage().replace('\n', ' ')); // s reloaded the winner's head
        }
      }
      out.println("DONE");
    }
  }
}
