package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.copilotz.tasks.internal.http.OkHttpVersion;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client refuses an OkHttp older than 5 at {@code build()}: with OkHttp 4's {@code okhttp} jar
 * ahead of {@code okhttp-jvm} (two copies of {@code okhttp3.*}), it would otherwise fail later and
 * say nothing of why.
 */
class OkHttpGuardTest {
  @Test
  void theOkHttpOnTheClassPathIsFiveAndPasses() {
    assertThat(OkHttpVersion.loaded()).startsWith("5.");
    assertThatCode(OkHttpVersion::require5).doesNotThrowAnyException();
  }

  @Test
  void okHttpFourIsRefusedWithAMessageThatSaysWhatToDo() throws Exception {
    Path okHttp4 = Paths.get(System.getProperty("okhttp4.jar", "target/okhttp-4/okhttp-4.jar"));
    assertThat(okHttp4).as("OkHttp 4.12 copied by the build").exists();
    Path classes =
        Paths.get(OkHttpVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.isDirectory(classes) || Files.isRegularFile(classes)).isTrue();

    // OkHttp 4 first, then the client's classes, and nothing else: as when okhttp 4.x wins on the
    // class path.
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {okHttp4.toUri().toURL(), classes.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      Class<?> guard = Class.forName(OkHttpVersion.class.getName(), true, loader);
      Method loaded = guard.getDeclaredMethod("loaded");

      assertThat(loaded.invoke(null)).isEqualTo("4.12.0");

      Method require5 = guard.getDeclaredMethod("require5");

      InvocationTargetException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> require5.invoke(null));
      assertThat(thrown.getCause())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm)")
          .hasMessageContaining("OkHttp 4.12.0 is on the class path")
          .hasMessageContaining("Exclude");
    }
  }

  @Test
  void noOkHttpAtAllIsRefusedToo() throws Exception {
    Path classes =
        Paths.get(OkHttpVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Method require5 =
          Class.forName(OkHttpVersion.class.getName(), true, loader).getDeclaredMethod("require5");

      InvocationTargetException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> require5.invoke(null));
      assertThat(thrown.getCause()).hasMessageContaining("OkHttp of an unknown version");
    }
  }

  @Test
  void buildRefusesOkHttpFourBeforeAnythingElse() throws Exception {
    Path okHttp4 = Paths.get(System.getProperty("okhttp4.jar", "target/okhttp-4/okhttp-4.jar"));
    // The test class path with okhttp-jvm 5 replaced by OkHttp 4: the SDK, Retrofit, Jackson, Okio,
    // Kotlin.
    List<URL> urls = new ArrayList<>();
    urls.add(okHttp4.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("okhttp-jvm") && !entry.contains("mockwebserver")) {
        urls.add(Paths.get(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      Class<?> client = Class.forName(TasksClient.class.getName(), true, loader);
      Object builder = client.getMethod("builder").invoke(null);
      builder.getClass().getMethod("baseUrl", String.class).invoke(builder, "http://localhost:1/");
      builder.getClass().getMethod("accessToken", String.class).invoke(builder, "tk");
      Method build = builder.getClass().getMethod("build");

      InvocationTargetException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> build.invoke(builder));
      assertThat(thrown.getCause())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("OkHttp 4.12.0 is on the class path");
    }
  }
}
