package com.copilotz.tasks.testing;

import com.copilotz.tasks.AsyncTasksClient;
import com.copilotz.tasks.TasksClient;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a started {@link FakeCopilotzServer} and a {@link
 * TasksClient} pointed at it, as parameters of the test method (or of {@code @BeforeEach} methods),
 * and closes both after the test. Within one test, every parameter of a type gets the same
 * instance.
 *
 * <pre>{@code
 * @ExtendWith(FakeCopilotzExtension.class)
 * class BillingServiceTest {
 *   @Test
 *   void opensATaskPerOverdueInvoice(FakeCopilotzServer server, TasksClient client) {
 *     new BillingService(client).remindOverdue(List.of(invoice));
 *     assertThat(server.tasks()).extracting(Task::getExtId).containsExactly("INV-7");
 *   }
 * }
 * }</pre>
 *
 * Parameters of type {@link FakeCopilotzServer}, {@link TasksClient} and {@link AsyncTasksClient}
 * are resolved.
 */
public final class FakeCopilotzExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeCopilotzExtension.class);
  private static final Set<Class<?>> RESOLVED =
      Set.of(FakeCopilotzServer.class, TasksClient.class, AsyncTasksClient.class);

  /** Creates the extension; JUnit does this through {@code @ExtendWith}. */
  public FakeCopilotzExtension() {}

  /**
   * Tells JUnit which parameters this extension resolves.
   *
   * @param parameter the parameter
   * @param extension the test's context
   * @return true for a {@link FakeCopilotzServer}, {@link TasksClient} or {@link AsyncTasksClient}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  /**
   * Returns the test's server or client, starting or building it on first use.
   *
   * @param parameter the parameter
   * @param extension the test's context
   * @return the instance for this test
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    if (type == FakeCopilotzServer.class) {
      return server(extension);
    }
    TasksClient client = client(extension);
    return type == TasksClient.class ? client : client.async();
  }

  /**
   * Closes the test's client, then its server.
   *
   * @param extension the test's context
   */
  @Override
  public void afterEach(ExtensionContext extension) {
    ExtensionContext.Store store = extension.getStore(NAMESPACE);
    TasksClient client = store.remove(TasksClient.class, TasksClient.class);
    FakeCopilotzServer server = store.remove(FakeCopilotzServer.class, FakeCopilotzServer.class);
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static FakeCopilotzServer server(ExtensionContext extension) {
    ExtensionContext.Store store = extension.getStore(NAMESPACE);
    FakeCopilotzServer server = store.get(FakeCopilotzServer.class, FakeCopilotzServer.class);
    if (server == null) {
      server = new FakeCopilotzServer().start();
      store.put(FakeCopilotzServer.class, server);
    }
    return server;
  }

  private static TasksClient client(ExtensionContext extension) {
    ExtensionContext.Store store = extension.getStore(NAMESPACE);
    TasksClient client = store.get(TasksClient.class, TasksClient.class);
    if (client == null) {
      client = server(extension).newClient();
      store.put(TasksClient.class, client);
    }
    return client;
  }
}
