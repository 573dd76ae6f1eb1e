package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Append to a durable store in a loop until killed, printing each acknowledged sequence: the child
 * process of the crash test. Not API: started by the store contract with
 * {@code java -cp <test class path> dev.magnus.rollback.tck.CrashWriter <factory class> <dir> <session> <payload size>}.
 *
 * <p>It opens the store through the named {@link DurableStoreFactory}, continues the session after its
 * latest checkpoint, and after each {@code append} returns prints {@code ACK <sequence>} and flushes.
 * Payloads are {@link TckCheckpoints#payload}, so the parent can recompute every byte. It stops by
 * itself after {@link #MAX_APPENDS} appends, in case the parent never kills it.
 */
public final class CrashWriter {
  /** The most appends one child makes. */
  public static final int MAX_APPENDS = 100_000;

  private CrashWriter() {}

  /**
   * Run the writer.
   *
   * @param args factory class name, store directory, session id, payload size
   * @throws ReflectiveOperationException if the factory cannot be instantiated
   */
  public static void main(String[] args) throws ReflectiveOperationException {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: CrashWriter <factory class> <dir> <session> <payload size>");
    }
    DurableStoreFactory factory = (DurableStoreFactory) Class.forName(args[0]).getConstructor().newInstance();
    String session = args[2];
    int size = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (CheckpointStore store = factory.open(Path.of(args[1]))) {
      long first = store.latest(session).map(Checkpoint::sequence).orElse(0L) + 1;
      out.println("READY " + first);
      out.flush();
      for (long seq = first; seq < first + MAX_APPENDS; seq++) {
        store.append(TckCheckpoints.record(session, seq, size));
        out.println("ACK " + seq);
        out.flush();
      }
    }
  }
}
