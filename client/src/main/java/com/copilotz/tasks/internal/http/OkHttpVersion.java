package com.copilotz.tasks.internal.http;

/**
 * Fails fast when the OkHttp on the class path is older than 5. OkHttp 5 ships its classes in
 * {@code okhttp-jvm}; an application that also gets {@code com.squareup.okhttp3:okhttp} 4.x from
 * another library has two copies of {@code okhttp3.*}, and the older one may win: the SDK would
 * then fail later, in ways that say nothing of the cause. The client checks it when it is built,
 * and the testing kit ({@code copilotz-tasks-testing}) before it starts a fake server, so both say
 * the same thing.
 */
public final class OkHttpVersion {
  private OkHttpVersion() {}

  /**
   * The version of the OkHttp that is loaded.
   *
   * @return the version, or null when it does not say
   */
  public static String loaded() {
    try {
      Object version = Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
      return version instanceof String ? (String) version : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /**
   * Checks the loaded OkHttp.
   *
   * @throws IllegalStateException if it is not OkHttp 5 or newer
   */
  public static void require5() {
    String version = loaded();
    int major = -1;
    if (version != null) {
      try {
        major =
            Integer.parseInt(
                version.substring(
                    0, version.indexOf('.') > 0 ? version.indexOf('.') : version.length()));
      } catch (NumberFormatException unreadable) {
        major = -1;
      }
    }
    if (major < 5) {
      throw new IllegalStateException(
          "The Copilotz Tasks SDK needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm), but OkHttp "
              + (version == null ? "of an unknown version" : version)
              + " is on the class path, probably "
              + "com.squareup.okhttp3:okhttp 4.x brought by another library. Exclude that artifact from the "
              + "dependency that brings it, or import com.squareup.okhttp3:okhttp-bom 5.x; see the SDK's README, "
              + "section Compatibility.");
    }
  }
}
