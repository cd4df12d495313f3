package com.copilotz.tasks.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * The server's quirks, in front of converter-jackson: an empty or blank success body is the
 * server's "not found" and converts to {@code null}, which the error mapper turns into the error
 * that fits the call; a body that is not the JSON it should be converts to an {@link Unreadable},
 * so that the caller still has the answer's status and headers when it raises the error. Everything
 * else is converter-jackson's.
 */
public final class ServerQuirks extends Converter.Factory {
  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> jackson =
        retrofit.nextResponseBodyConverter(this, type, annotations);
    return body -> {
      if (isBlank(body.source())) {
        body.close();
        return null;
      }
      try {
        return jackson.convert(body);
      } catch (JsonProcessingException unreadable) {
        return new Unreadable(unreadable);
      }
    };
  }

  /** True when the body holds nothing but whitespace; reads ahead without consuming anything. */
  private static boolean isBlank(BufferedSource source) throws IOException {
    for (long i = 0; source.request(i + 1); i++) {
      byte b = source.getBuffer().getByte(i);
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
