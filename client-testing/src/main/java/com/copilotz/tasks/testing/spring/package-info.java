/**
 * {@link com.copilotz.tasks.testing.spring.FakeCopilotz}: a fake Copilotz server for a Spring Boot
 * test's application context.
 *
 * <p>Null-marked (JSpecify), but for what Spring's own interfaces allow to be null.
 */
@NullMarked
package com.copilotz.tasks.testing.spring;

import org.jspecify.annotations.NullMarked;
