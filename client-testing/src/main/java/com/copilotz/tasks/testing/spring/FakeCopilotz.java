package com.copilotz.tasks.testing.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring test class ({@code @SpringBootTest} and the like), starts a {@link
 * com.copilotz.tasks.testing.FakeCopilotzServer} for the test's application context and points the
 * auto-configured Copilotz client at it: {@code copilotz.tasks.base-url} and {@code
 * copilotz.tasks.access-token} are set to the fake's, ahead of any other property. The fake is a
 * bean: inject it to seed data and to check what your code did. It is stopped when the context
 * closes.
 *
 * <pre>{@code
 * @SpringBootTest
 * @FakeCopilotz
 * class TicketServiceTest {
 *   @Autowired FakeCopilotzServer copilotz;
 *   @Autowired TicketService tickets;
 *
 *   @Test
 *   void opensOneTaskPerTicket() {
 *     tickets.open("42", "Account locked");
 *     assertThat(copilotz.tasks()).singleElement().extracting(Task::getExtId).isEqualTo("TICKET-42");
 *   }
 * }
 * }</pre>
 *
 * Needs {@code spring-test} (which {@code spring-boot-starter-test} brings) and the {@code
 * copilotz-tasks-spring-boot-starter}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface FakeCopilotz {}
