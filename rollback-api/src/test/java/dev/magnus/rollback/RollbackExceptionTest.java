package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The root exception is abstract and says which session and checkpoint a failure concerns. */
class RollbackExceptionTest {
  private static final CheckpointId ID = CheckpointId.of("cp-1");

  @Test
  void theRootIsAbstract() {
    assertEquals(true, Modifier.isAbstract(RollbackException.class.getModifiers()));
  }

  @Test
  void aMessageOnlyExceptionConcernsNoSessionOrCheckpoint() {
    // when
    StoreException e = new StoreException("disk full");
    // then
    assertEquals(Optional.empty(), e.sessionId());
    assertEquals(Optional.empty(), e.checkpointId());
    assertEquals("disk full", e.getMessage());
  }

  @Test
  void theSubclassConstructorsSetWhatTheyName() {
    // when
    CheckpointNotFoundException notFound = new CheckpointNotFoundException("gone", "s1", ID);
    SessionNotFoundException noSession = new SessionNotFoundException("no s2", "s2");
    StoreException failed = new StoreException("failed", "s3", ID, new IllegalStateException("io"));
    // then
    assertEquals(Optional.of("s1"), notFound.sessionId());
    assertEquals(Optional.of(ID), notFound.checkpointId());
    assertEquals(Optional.of("s2"), noSession.sessionId());
    assertEquals(Optional.empty(), noSession.checkpointId());
    assertEquals(Optional.of("s3"), failed.sessionId());
    assertEquals("io", failed.getCause().getMessage());
  }

  @Test
  void aWrapperTakesWhatItsRollbackExceptionCauseNames() {
    // given
    CheckpointConflictException conflict = new CheckpointConflictException("taken", "s1", ID);
    // when
    StoreException wrapper = new StoreException("append failed", conflict);
    StoreException namedWrapper = new StoreException("append failed", "s9", conflict);
    // then
    assertEquals(Optional.of("s1"), wrapper.sessionId());
    assertEquals(Optional.of(ID), wrapper.checkpointId());
    assertEquals(Optional.of("s9"), namedWrapper.sessionId(), "a session given explicitly wins");
    assertEquals(Optional.of(ID), namedWrapper.checkpointId());
    assertSame(conflict, wrapper.getCause());
  }

  @Test
  void aSessionOrCheckpointMayNotBeNullWhereTheConstructorNamesIt() {
    assertThrows(NullPointerException.class, () -> new SessionNotFoundException("no session", (String) null));
    assertThrows(NullPointerException.class, () -> new IntegrityViolationException("bad", "s1", null));
  }

  @Test
  void theSessionAndCheckpointSurviveSerialization() throws IOException, ClassNotFoundException {
    // given
    IntegrityViolationException e = new IntegrityViolationException("hash mismatch", "s1", ID);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    // when
    RollbackException read;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (RollbackException) in.readObject();
    }
    // then
    assertEquals(Optional.of("s1"), read.sessionId());
    assertEquals(Optional.of(ID), read.checkpointId());
  }
}
