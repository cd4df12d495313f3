package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Whatever JDK builds it (17, 21, 25), the client's bytecode runs on Java 17. */
class BytecodeTest {
  static int majorVersion(Class<?> type) throws Exception {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
        DataInputStream data = new DataInputStream(in)) {
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort();
      return data.readUnsignedShort();
    }
  }

  @Test
  void classesAreJava17Bytecode() throws Exception {
    assertThat(majorVersion(TasksClient.class)).isEqualTo(61);
    assertThat(majorVersion(com.copilotz.tasks.model.Task.class)).isEqualTo(61);
  }
}
