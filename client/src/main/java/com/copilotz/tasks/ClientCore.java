package com.copilotz.tasks;

import com.copilotz.tasks.internal.api.AuthApi;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.Authenticator;
import okhttp3.Cache;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * What the facades of one client share, built once by {@link TasksClient.Builder#build()}: the HTTP client,
 * the Retrofit services, the caller that runs every call, the token source, the workflow cache, and close.
 * {@link TasksClient}, {@link AsyncTasksClient} and {@link TaskSync} each take the core; none reaches into
 * another. This is the composition root: the only place that wires OkHttp, Retrofit and authentication.
 */
final class ClientCore implements AutoCloseable {
  private static final int WORKFLOW_CACHE_CAPACITY = 1024;
  /** How long an idle connection of the SDK's own HTTP client is kept (OkHttp's default). */
  private static final Duration POOL_KEEP_ALIVE = Duration.ofMinutes(5);

  final HttpUrl baseUrl;
  final String authKind;
  final OkHttpClient httpClient;
  final ObjectMapper mapper;
  final ApiCaller caller;
  final Requests requests;
  final WorkflowCache workflowCache;
  final Operations operations;
  /** Reads one task at a time from a list answer. */
  final ObjectReader taskReader;
  final ApiCaller.Sleeper sleeper;
  final Clock clock;
  /** The observer of operations and attempts, or null: then nothing is observed, at no cost. */
  final TasksObserver observer;
  /** The calls of every unobserved blocking operation without options: shared, so they cost nothing. */
  private final BlockingCalls plainCalls;
  private final boolean ownsHttpClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ClientCore(ClientSettings settings) {
    this.baseUrl = settings.baseUrl();
    this.authKind = settings.authKind();
    this.clock = settings.clock();
    this.sleeper = settings.sleeper();
    this.observer = settings.observer();
    this.mapper = Json.mapper(settings.objectMapper());
    SdkLog log = new SdkLog(settings.logLevel());
    ErrorMapper errors = new ErrorMapper(mapper, clock);
    this.caller =
        new ApiCaller(errors, new RetryPolicy(errors, settings.maxRetryAfter()), settings.maxRetries(), sleeper, log);
    this.ownsHttpClient = settings.okHttpClient() == null;

    OkHttpClient base = baseHttpClient(settings);
    Converter.Factory[] converters = Json.converters(mapper);
    TokenProvider tokens;
    if (settings.username() != null) {
      AuthApi authApi = retrofit(withSdkInterceptors(base, new BearerHeaders(null), log), converters)
          .create(AuthApi.class);
      tokens =
          new CredentialsTokenProvider(
              authApi, caller, settings.username(), settings.password(), settings.namespace(), clock, observer);
    } else if (settings.accessToken() != null) {
      tokens = new BearerHeaders.StaticToken(settings.accessToken());
    } else {
      tokens = settings.tokenProvider();
    }
    BearerHeaders bearer = new BearerHeaders(tokens);
    this.httpClient = withSdkInterceptors(base, bearer, log);
    Retrofit retrofit = retrofit(httpClient, converters);
    this.requests = new Requests(retrofit.create(TasksApi.class), retrofit.create(WorkflowsApi.class), bearer);
    this.workflowCache =
        new WorkflowCache(requests, WORKFLOW_CACHE_CAPACITY, settings.workflowCacheTtl(), clock);
    this.operations = new Operations(requests, workflowCache, mapper);
    this.taskReader = mapper.readerFor(Task.class);
    this.plainCalls = new BlockingCalls(caller, RequestOptions.NONE, null);
  }

  /** Builds the core from checked settings. */
  static ClientCore open(ClientSettings settings) {
    return new ClientCore(settings);
  }

  /**
   * The HTTP client before the SDK's interceptors: the user's, derived with {@code newBuilder()} so theirs is
   * never changed, or one of the SDK's own, with the timeouts set.
   */
  private static OkHttpClient baseHttpClient(ClientSettings settings) {
    boolean own = settings.okHttpClient() == null;
    OkHttpClient.Builder http = own ? new OkHttpClient.Builder() : settings.okHttpClient().newBuilder();
    Duration call =
        settings.timeout() != null ? settings.timeout() : own ? TasksClient.DEFAULT_TIMEOUT : null;
    if (call != null) {
      http.callTimeout(call);
    }
    if (settings.connectTimeout() != null || own) {
      http.connectTimeout(
          settings.connectTimeout() != null ? settings.connectTimeout() : TasksClient.DEFAULT_CONNECT_TIMEOUT);
    }
    if (settings.readTimeout() != null || call != null) {
      http.readTimeout(settings.readTimeout() != null ? settings.readTimeout() : call);
    }
    if (settings.writeTimeout() != null || call != null) {
      http.writeTimeout(settings.writeTimeout() != null ? settings.writeTimeout() : call);
    }
    // Nothing below the SDK sends a request again: the SDK's retry engine decides what is safe to repeat.
    // No retry after a failed connection or a 408 (OkHttp's would repeat a POST), no redirect from https to
    // http, no authenticator asked after a 401 (the SDK refreshes its own tokens), and FollowUpGuard holds
    // back what no setting stops (a 503 with Retry-After: 0, a 421, the redirect of a write).
    http.retryOnConnectionFailure(false).followSslRedirects(false).authenticator(Authenticator.NONE);
    http.networkInterceptors().add(0, FollowUpGuard.hold());
    Integer concurrent = settings.maxConcurrentRequests();
    if (own) {
      int limit = concurrent != null ? concurrent : TasksClient.DEFAULT_MAX_CONCURRENT_REQUESTS;
      http.dispatcher(dispatcher(new Dispatcher(), limit));
      http.connectionPool(new ConnectionPool(limit, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS));
    } else if (concurrent != null) {
      // A dispatcher of the SDK's own, on the user's threads: the user's dispatcher keeps its limits.
      http.dispatcher(
          dispatcher(new Dispatcher(settings.okHttpClient().dispatcher().executorService()), concurrent));
    }
    return http.build();
  }

  /** Runs {@code limit} requests at once, to one host or to all. */
  private static Dispatcher dispatcher(Dispatcher dispatcher, int limit) {
    dispatcher.setMaxRequests(limit);
    dispatcher.setMaxRequestsPerHost(limit);
    return dispatcher;
  }

  /**
   * The HTTP client the calls use: {@code base} with the SDK's interceptor, and the logger when it logs, in
   * front of any interceptor of the user's: theirs see each request as the SDK sends it.
   */
  private static OkHttpClient withSdkInterceptors(OkHttpClient base, BearerHeaders bearer, SdkLog log) {
    OkHttpClient.Builder client = base.newBuilder();
    client.interceptors().add(0, new SdkInterceptor(SdkVersion.USER_AGENT, bearer));
    if (log.enabled()) {
      client.interceptors().add(1, log);
    }
    // Innermost, next to OkHttp's follow-up logic: gives a held answer its status back before anyone sees it.
    client.interceptors().add(FollowUpGuard.release());
    return client.build();
  }

  private Retrofit retrofit(OkHttpClient client, Converter.Factory[] converters) {
    Retrofit.Builder retrofit = new Retrofit.Builder().baseUrl(baseUrl).callFactory(new OptionsCallFactory(client));
    for (Converter.Factory converter : converters) {
      retrofit.addConverterFactory(converter);
    }
    return retrofit.build();
  }

  /**
   * Checks that the client is open and that {@code options} is given, before a call is prepared.
   *
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException if the client is closed
   */
  void ensureOpen(RequestOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new IllegalStateException("This TasksClient is closed");
    }
  }

  /**
   * Starts a blocking operation: its calls are made on the calling thread with {@code options}, and it is
   * observed as {@code name} (about {@code taskId} or {@code extId}, when known) when there is an observer.
   * The caller ends it with {@link BlockingCalls#ended} or {@link BlockingCalls#failed}.
   */
  BlockingCalls blocking(String name, Long taskId, String extId, RequestOptions options) {
    ensureOpen(options);
    if (observer == null) {
      return options == RequestOptions.NONE ? plainCalls : new BlockingCalls(caller, options, null);
    }
    return new BlockingCalls(caller, options, Observing.start(observer, name, taskId, extId, false));
  }

  /**
   * Starts an asynchronous operation, whose calls run on OkHttp's dispatcher with {@code options}; observed as
   * {@code blocking} observes, until the returned future completes.
   */
  <T> AsyncOperation<T> async(String name, Long taskId, String extId, RequestOptions options) {
    ensureOpen(options);
    return new AsyncOperation<>(caller, options, Observing.start(observer, name, taskId, extId, true));
  }

  /**
   * The tasks matching {@code query}, read lazily on the consuming thread: page by page, and task by task
   * from each answer. Closing the stream closes the answer being read. When {@code endsOperation}, the stream
   * ends the operation of {@code calls} when it ends (exhausted, failed or closed).
   */
  Stream<Task> streamTasks(TaskQuery query, BlockingCalls calls, boolean endsOperation) {
    Objects.requireNonNull(query, "query");
    TaskPager pager = new TaskPager(requests, caller, taskReader, query, calls, endsOperation);
    return StreamSupport.stream(pager, false).onClose(pager::close);
  }

  /**
   * Stops the threads and evicts the connections of the HTTP client when the SDK built it; a client passed
   * by the user is left running. Later calls fail with {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || !ownsHttpClient) {
      return;
    }
    httpClient.dispatcher().executorService().shutdown();
    httpClient.connectionPool().evictAll();
    Cache cache = httpClient.cache();
    if (cache != null) {
      try {
        cache.close();
      } catch (IOException ignored) {
        // Nothing useful to do about a cache that fails to close.
      }
    }
  }
}
