/**
 * Testing code that uses the Copilotz Tasks client without copilotz.com: {@link
 * com.copilotz.tasks.testing.FakeCopilotzServer}, a stateful in-memory Copilotz server that behaves
 * as the real one does on the wire, with an agent of its own ({@link
 * com.copilotz.tasks.testing.FakeAgent}), and {@link
 * com.copilotz.tasks.testing.FakeCopilotzExtension} for JUnit 5.
 *
 * <p>Null-marked (JSpecify): what may be absent is {@code Optional}.
 */
@NullMarked
package com.copilotz.tasks.testing;

import org.jspecify.annotations.NullMarked;
