package com.copilotz.tasks.testing.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Spring's hook for {@link FakeCopilotz}: a test class that carries the annotation gets a context
 * with a fake Copilotz server. Registered in {@code META-INF/spring.factories}; not for direct use.
 */
public final class FakeCopilotzContextCustomizerFactory implements ContextCustomizerFactory {
  /** Creates the factory; Spring's test framework does this. */
  public FakeCopilotzContextCustomizerFactory() {}

  /**
   * Returns the customizer that starts the fake, for a test class annotated with {@link
   * FakeCopilotz}.
   *
   * @param testClass the test class
   * @param configurations the test's context configuration
   * @return the customizer, or null when the class is not annotated
   */
  @Override
  public @Nullable ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configurations) {
    return TestContextAnnotationUtils.hasAnnotation(testClass, FakeCopilotz.class)
        ? new FakeCopilotzContextCustomizer()
        : null;
  }
}
