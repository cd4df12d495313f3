package com.copilotz.tasks.testing.spring;

import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a {@link FakeCopilotzServer} for an application context, registers it as the bean {@value
 * #BEAN_NAME}, puts its URL and a token of its ahead of every other {@code copilotz.tasks}
 * property, and stops it when the context closes. All such contexts are alike, so Spring caches and
 * shares them as it would without the annotation.
 */
final class FakeCopilotzContextCustomizer implements ContextCustomizer {
  static final String BEAN_NAME = "fakeCopilotzServer";

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
    FakeCopilotzServer server = new FakeCopilotzServer().start();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "fakeCopilotz",
                Map.of(
                    "copilotz.tasks.base-url", server.baseUrl(),
                    "copilotz.tasks.access-token", server.issueToken())));
    context.getBeanFactory().registerSingleton(BEAN_NAME, server);
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent
              && ((ContextClosedEvent) event).getApplicationContext() == context) {
            server.close();
          }
        });
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FakeCopilotzContextCustomizer;
  }

  @Override
  public int hashCode() {
    return FakeCopilotzContextCustomizer.class.hashCode();
  }
}
