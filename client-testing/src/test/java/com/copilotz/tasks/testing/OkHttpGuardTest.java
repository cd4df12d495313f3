package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With OkHttp 4 ahead of OkHttp 5 on a test class path, a fake server (and so the JUnit extension
 * and {@code @FakeCopilotz}) fails with the client's own "needs OkHttp 5" message, not with the
 * linkage error MockWebServer would meet first ({@code TaskRunner.<init>}).
 */
class OkHttpGuardTest {
  @Test
  void aFakeServerRefusesOkHttpFourWithTheClientsMessage() throws Exception {
    Path okHttp4 = Paths.get(System.getProperty("okhttp4.jar", "target/okhttp-4/okhttp-4.jar"));
    assertThat(okHttp4).as("OkHttp 4.12 copied by the build").exists();
    // OkHttp 4 first, then the whole test class path (OkHttp 5 included): the older copy of
    // okhttp3.* wins.
    List<URL> urls = new ArrayList<>();
    urls.add(okHttp4.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Paths.get(entry).toUri().toURL());
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      Class<?> server = Class.forName(FakeCopilotzServer.class.getName(), true, loader);

      InvocationTargetException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> server.getConstructor().newInstance());
      assertThat(thrown.getCause())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm)")
          .hasMessageContaining("OkHttp 4.12.0 is on the class path");
    }
  }
}
