package com.copilotz.tasks.spring;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.McpHttpOptions;
import com.copilotz.tasks.mcp.McpServlet;
import com.copilotz.tasks.mcp.TasksMcpServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Serves the MCP server of {@code copilotz-tasks-mcp} over the application's {@link TasksClient},
 * as a servlet of its own web server (Streamable HTTP at {@code copilotz.tasks.mcp.path}), when
 * that module is on the class path and {@code copilotz.tasks.mcp.enabled} is true. The endpoint
 * refuses web pages of other origins and foreign {@code Host} headers on loopback, and needs {@code
 * copilotz.tasks.mcp.bearer-token} unless {@code server.address} is a loopback address. Each tool
 * call is an operation of the client's observer.
 */
@AutoConfiguration(after = CopilotzTasksAutoConfiguration.class)
@ConditionalOnClass({TasksMcpServer.class, ServletRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "copilotz.tasks.mcp", name = "enabled", havingValue = "true")
public class CopilotzTasksMcpConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public CopilotzTasksMcpConfiguration() {}

  /**
   * The MCP endpoint, registered at {@code copilotz.tasks.mcp.path} with asynchronous support; the
   * container destroys it (closing the MCP server) on shutdown.
   *
   * @param client the application's client
   * @param properties the {@code copilotz.tasks} properties
   * @param environment the environment, for {@code server.address}
   * @return the servlet's registration
   * @throws IllegalStateException when the server is reachable beyond loopback and no bearer token
   *     is set
   */
  @Bean
  @ConditionalOnMissingBean(name = "copilotzTasksMcpServlet")
  public ServletRegistrationBean<McpServlet> copilotzTasksMcpServlet(
      TasksClient client, CopilotzTasksProperties properties, Environment environment) {
    CopilotzTasksProperties.Mcp mcp = properties.getMcp();
    String address = environment.getProperty("server.address", "0.0.0.0");
    McpHttpOptions.Builder options =
        McpHttpOptions.builder()
            .host(address)
            .path(mcp.getPath())
            .bearerToken(blankToNull(mcp.getBearerToken()));
    mcp.getAllowedOrigins().forEach(options::allowOrigin);
    mcp.getAllowedHosts().forEach(options::allowHost);
    McpHttpOptions built;
    try {
      built = options.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "copilotz.tasks.mcp: the application listens on "
              + address
              + ", beyond this machine: set copilotz.tasks.mcp.bearer-token, or server.address to"
              + " 127.0.0.1",
          e);
    }
    TasksMcpServer.Builder server = TasksMcpServer.builder(client);
    if (mcp.getMaxAwait() != null) {
      server.maxAwait(mcp.getMaxAwait());
    }
    ServletRegistrationBean<McpServlet> registration =
        new ServletRegistrationBean<>(server.build().httpServlet(built), built.path());
    registration.setName("copilotzTasksMcp");
    registration.setAsyncSupported(true);
    registration.setLoadOnStartup(1);
    return registration;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
