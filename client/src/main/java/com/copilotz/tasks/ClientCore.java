package com.copilotz.tasks;

import com.copilotz.tasks.internal.api.AuthApi;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.internal.auth.BearerAuth;
import com.copilotz.tasks.internal.auth.CredentialsTokenProvider;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.http.AnswerGuard;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.http.FollowUpGuard;
import com.copilotz.tasks.internal.http.HeadersInterceptor;
import com.copilotz.tasks.internal.http.OptionsCallFactory;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.SdkLog;
import com.copilotz.tasks.internal.http.SdkVersion;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.json.ObjectMappers;
import com.copilotz.tasks.internal.loop.LoopClient;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.CallRunner;
import com.copilotz.tasks.internal.ops.OperationFuture;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.internal.ops.Requests;
import com.copilotz.tasks.internal.ops.SingleCall;
import com.copilotz.tasks.internal.ops.TaskAwait;
import com.copilotz.tasks.internal.ops.TaskPager;
import com.copilotz.tasks.internal.ops.WorkflowCache;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.Authenticator;
import okhttp3.Cache;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * What the facades of one client share, built once from its {@link TasksClient.Builder}: the HTTP
 * client, the Retrofit services, the call executor, the token source, the workflow cache, and
 * close; and the one way through an operation for both facades ({@link #call}, {@link #run}, {@link
 * #stream} on the calling thread, {@link #callAsync} and {@link #runAsync} on OkHttp's dispatcher),
 * which starts and ends its observation. This is the composition root: the only place that wires
 * OkHttp, Retrofit and authentication.
 */
final class ClientCore implements AutoCloseable {
  private static final int WORKFLOW_CACHE_CAPACITY = 1024;

  /** How long an idle connection of the SDK's own HTTP client is kept (OkHttp's default). */
  private static final Duration POOL_KEEP_ALIVE = Duration.ofMinutes(5);

  /** The settings the client was built with, for {@code withOptions}. */
  private final TasksClient.Builder settings;

  private final String authKind;

  /**
   * The HTTP client before the SDK's interceptors, which a client derived with withOptions shares.
   */
  private final OkHttpClient baseHttpClient;

  /** The HTTP client the calls use. */
  final OkHttpClient httpClient;

  final ObjectMapper mapper;
  final CallExecutor executor;
  final Operations operations;
  final TasksObserver observer;

  /** Waits between attempts, and out a sync's 429s. */
  final Sleeper sleeper;

  private final RetryPolicy retryPolicy;
  private final Clock clock;

  private final TokenProvider tokens;
  private final WorkflowCache workflowCache;
  private final ObjectReader taskReader;

  /**
   * The runner of every unobserved blocking operation without options: shared, so it costs nothing.
   */
  private final BlockingRunner plainRunner;

  /** What the background loops (watches, step workers) reach the client by. */
  private final LoopClient loopClient;

  private final boolean ownsHttpClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientCore(TasksClient.Builder builder) {
    this.settings = new TasksClient.Builder(builder);
    ClientCore parent = builder.parent;
    this.observer = builder.observer;
    this.sleeper = builder.sleeper;
    this.mapper = ObjectMappers.mapper(builder.objectMapper);
    SdkLog log = new SdkLog(builder.logLevel);
    this.retryPolicy = new RetryPolicy(builder.maxRetryAfter, builder.clock);
    this.clock = builder.clock;
    ErrorMapper errors =
        new ErrorMapper(mapper, header -> RetryPolicy.parseRetryAfter(header, builder.clock));
    this.ownsHttpClient = parent == null && builder.okHttpClient == null;
    this.baseHttpClient = baseHttpClient(builder, parent);
    Converter.Factory[] converters = ObjectMappers.converters(mapper);

    TokenProvider provider;
    if (parent != null && builder.keepsParentTokens) {
      provider = parent.tokens;
      this.authKind = parent.authKind;
    } else if (builder.username != null) {
      CallExecutor loginExecutor = executor(builder, errors, log, null);
      AuthApi authApi =
          retrofit(withSdkInterceptors(baseHttpClient, null, log), converters, builder)
              .create(AuthApi.class);
      provider =
          new CredentialsTokenProvider(
              authApi,
              loginExecutor,
              builder.username,
              builder.password,
              builder.namespace,
              builder.clock,
              observer);
      this.authKind = "credentials";
    } else if (builder.accessToken != null) {
      provider = new BearerAuth.StaticToken(builder.accessToken);
      this.authKind = "access token";
    } else {
      provider = builder.tokenProvider;
      this.authKind = "token provider";
    }
    this.tokens = provider;
    BearerAuth auth = new BearerAuth(provider);
    this.executor = executor(builder, errors, log, auth);
    this.httpClient = withSdkInterceptors(baseHttpClient, auth, log);
    Retrofit retrofit = retrofit(httpClient, converters, builder);
    Requests requests =
        new Requests(retrofit.create(TasksApi.class), retrofit.create(WorkflowsApi.class), auth);
    this.workflowCache =
        parent != null && parent.settings.workflowCacheTtl.equals(builder.workflowCacheTtl)
            ? parent.workflowCache.sharedWith(requests)
            : new WorkflowCache(
                requests, mapper, WORKFLOW_CACHE_CAPACITY, builder.workflowCacheTtl, builder.clock);
    TaskAwait await =
        new TaskAwait(
            requests,
            retryPolicy,
            builder.clock,
            baseHttpClient.callTimeoutMillis() == 0
                ? null
                : Duration.ofMillis(baseHttpClient.callTimeoutMillis()));
    this.operations = new Operations(requests, workflowCache, mapper, await, builder.clock);
    this.taskReader = mapper.readerFor(Task.class);
    this.plainRunner = new BlockingRunner(executor, RequestOptions.NONE, null);
    this.loopClient =
        new LoopClient(
            operations,
            this::stream,
            (operation, taskId, options) -> blocking(operation, taskId, null, options),
            sleeper,
            clock,
            retryPolicy,
            this::isClosed);
  }

  /** The engine of the calls: of the login's (without {@code auth}) or of every other call. */
  private CallExecutor executor(
      TasksClient.Builder builder, ErrorMapper errors, SdkLog log, BearerAuth auth) {
    return new CallExecutor(
        errors, retryPolicy, builder.maxRetries, builder.totalTimeout, builder.sleeper, log, auth);
  }

  /**
   * The HTTP client before the SDK's interceptors: the parent's, the user's, derived with {@code
   * newBuilder()} so theirs is never changed, or one of the SDK's own, with the timeouts set.
   */
  private static OkHttpClient baseHttpClient(TasksClient.Builder settings, ClientCore parent) {
    // A derived client shares its parent's HTTP client, unless it was given another one.
    boolean sharesParents = parent != null && settings.okHttpClient == parent.settings.okHttpClient;
    OkHttpClient from = sharesParents ? parent.baseHttpClient : settings.okHttpClient;
    boolean own = from == null;
    OkHttpClient.Builder http = own ? new OkHttpClient.Builder() : from.newBuilder();
    Duration call =
        settings.timeout != null ? settings.timeout : own ? TasksClient.DEFAULT_TIMEOUT : null;
    if (call != null) {
      http.callTimeout(call);
    }
    if (settings.connectTimeout != null || own) {
      http.connectTimeout(
          settings.connectTimeout != null
              ? settings.connectTimeout
              : TasksClient.DEFAULT_CONNECT_TIMEOUT);
    }
    if (settings.readTimeout != null || call != null) {
      http.readTimeout(settings.readTimeout != null ? settings.readTimeout : call);
    }
    if (settings.writeTimeout != null || call != null) {
      http.writeTimeout(settings.writeTimeout != null ? settings.writeTimeout : call);
    }
    // Nothing below the SDK sends a request again: the SDK's retry engine decides what is safe to
    // repeat. No retry after a failed connection or a 408 (OkHttp's would repeat a POST), no
    // redirect from https to http, no authenticator asked after a 401 (the SDK refreshes its own
    // tokens), and FollowUpGuard holds back what no setting stops (a 503 with Retry-After: 0, a
    // 421, the redirect of a write).
    http.retryOnConnectionFailure(false)
        .followSslRedirects(false)
        .authenticator(Authenticator.NONE);
    if (!http.networkInterceptors().contains(FollowUpGuard.hold())) {
      http.networkInterceptors().add(0, FollowUpGuard.hold());
    }
    Integer concurrent = settings.maxConcurrentRequests;
    if (own) {
      int limit = concurrent != null ? concurrent : TasksClient.DEFAULT_MAX_CONCURRENT_REQUESTS;
      http.dispatcher(dispatcher(new Dispatcher(), limit));
      http.connectionPool(
          new ConnectionPool(limit, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS));
    } else if (concurrent != null && !limits(from.dispatcher(), concurrent)) {
      // A dispatcher of the SDK's own, on the user's threads: the user's dispatcher keeps its
      // limits. (A derived client whose limit is its parent's shares the parent's dispatcher.)
      http.dispatcher(dispatcher(new Dispatcher(from.dispatcher().executorService()), concurrent));
    }
    return http.build();
  }

  /** Whether {@code dispatcher} runs {@code limit} requests at once, to one host and to all. */
  private static boolean limits(Dispatcher dispatcher, int limit) {
    return dispatcher.getMaxRequests() == limit && dispatcher.getMaxRequestsPerHost() == limit;
  }

  /** Runs {@code limit} requests at once, to one host or to all. */
  private static Dispatcher dispatcher(Dispatcher dispatcher, int limit) {
    dispatcher.setMaxRequests(limit);
    dispatcher.setMaxRequestsPerHost(limit);
    return dispatcher;
  }

  /**
   * The HTTP client the calls use: {@code base} with the SDK's headers (and the logger, when it
   * logs) in front of any interceptor of the user's, which see each request as the SDK sends it;
   * and, innermost, the guard of every answer as it leaves OkHttp's own interceptors.
   */
  private static OkHttpClient withSdkInterceptors(OkHttpClient base, BearerAuth auth, SdkLog log) {
    OkHttpClient.Builder client = base.newBuilder();
    client.interceptors().add(0, new HeadersInterceptor(SdkVersion.USER_AGENT, auth));
    if (log.enabled()) {
      client.interceptors().add(1, log);
    }
    client.interceptors().add(AnswerGuard.instance());
    return client.build();
  }

  private static Retrofit retrofit(
      OkHttpClient client, Converter.Factory[] converters, TasksClient.Builder settings) {
    Retrofit.Builder retrofit =
        new Retrofit.Builder()
            .baseUrl(settings.baseUrl)
            .callFactory(new OptionsCallFactory(client));
    for (Converter.Factory converter : converters) {
      retrofit.addConverterFactory(converter);
    }
    return retrofit.build();
  }

  /** A copy of the settings this client was built with. */
  TasksClient.Builder settings() {
    return new TasksClient.Builder(settings);
  }

  String baseUrl() {
    return settings.baseUrl.toString();
  }

  /** What is safe to repeat, and after how long: for the waits and watches built on the core. */
  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The clock the client keeps time by (a test's virtual clock in tests). */
  Clock clock() {
    return clock;
  }

  /** What the background loops (watches, step workers) reach this client by. */
  LoopClient loopClient() {
    return loopClient;
  }

  String authKind() {
    return authKind;
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }

  /**
   * Checks that the client is open and that {@code options} is given, before an operation starts.
   *
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException if the client is closed
   */
  void ensureOpen(RequestOptions options) {
    Objects.requireNonNull(options, "options");
    if (isClosed()) {
      throw new IllegalStateException("This TasksClient is closed");
    }
  }

  /**
   * Starts a blocking operation, observed as {@code operation} (about {@code taskId} or {@code
   * extId}, when known) when there is an observer.
   */
  BlockingRunner blocking(
      OperationName operation, long taskId, String extId, RequestOptions options) {
    ensureOpen(options);
    if (observer == null) {
      return options == RequestOptions.NONE
          ? plainRunner
          : new BlockingRunner(executor, options, null);
    }
    return new BlockingRunner(
        executor,
        options,
        Observing.start(observer, operation.observedName(), boxed(taskId), extId, false));
  }

  /** The task id an observer is told: none for 0. */
  private static Long boxed(long taskId) {
    return taskId == 0 ? null : taskId;
  }

  /**
   * Runs a single-call operation on the calling thread, observed as {@code operation}: about task
   * {@code id} (0 for none) and {@code extId} (or null), with {@code argument}. Allocates nothing
   * for the operation itself.
   */
  <A, T> T call(
      OperationName operation,
      long id,
      String extId,
      RequestOptions options,
      SingleCall<A, T> body,
      A argument) {
    BlockingRunner run = blocking(operation, id, extId, options);
    try {
      return run.ended(run.call(body, operations, id, argument));
    } catch (RuntimeException e) {
      throw run.failed(e);
    }
  }

  /** Runs an operation of several calls on the calling thread, observed as {@code operation}. */
  <T> T run(
      OperationName operation,
      long taskId,
      String extId,
      RequestOptions options,
      Function<CallRunner, CompletableFuture<T>> body) {
    BlockingRunner run = blocking(operation, taskId, extId, options);
    try {
      return run.ended(BlockingRunner.join(body.apply(run)));
    } catch (RuntimeException e) {
      throw run.failed(e);
    }
  }

  /** Starts an asynchronous operation, observed as {@code operation} until its future completes. */
  private <T> OperationFuture<T> async(
      OperationName operation, long taskId, String extId, RequestOptions options) {
    ensureOpen(options);
    return new OperationFuture<>(
        executor,
        options,
        observer == null
            ? null
            : Observing.start(observer, operation.observedName(), boxed(taskId), extId, true));
  }

  /**
   * Runs a single-call operation on OkHttp's dispatcher, as {@link #call} runs it on the calling
   * thread. Its arguments are checked at once: a bad one throws here and nothing is sent.
   */
  <A, T> CompletableFuture<T> callAsync(
      OperationName operation,
      long id,
      String extId,
      RequestOptions options,
      SingleCall<A, T> body,
      A argument) {
    OperationFuture<T> future = async(operation, id, extId, options);
    try {
      return future.call(body, operations, id, argument);
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Runs an operation of several calls on OkHttp's dispatcher; its arguments are checked at once.
   */
  <T> CompletableFuture<T> runAsync(
      OperationName operation,
      long taskId,
      String extId,
      RequestOptions options,
      Function<CallRunner, CompletableFuture<T>> body) {
    OperationFuture<T> future = async(operation, taskId, extId, options);
    try {
      return future.completeFrom(body.apply(future));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * The tasks matching {@code query}, read lazily on the consuming thread: page by page, and task
   * by task from each answer. Closing the stream closes the answer being read. The stream ends the
   * operation when it ends (exhausted, failed or closed).
   */
  Stream<Task> stream(OperationName operation, RequestOptions options, TaskQuery query) {
    BlockingRunner run = blocking(operation, 0, null, options);
    try {
      return pagerStream(query, run, true);
    } catch (RuntimeException e) {
      throw run.failed(e);
    }
  }

  /**
   * The tasks matching {@code query}, read lazily with the calls of {@code run}, as one part of
   * {@code run}'s operation (a sync's prefetch): the operation goes on when the stream ends.
   */
  Stream<Task> streamWithin(BlockingRunner run, TaskQuery query) {
    return pagerStream(query, run, false);
  }

  private Stream<Task> pagerStream(TaskQuery query, BlockingRunner run, boolean endsOperation) {
    Objects.requireNonNull(query, "query");
    TaskPager pager = new TaskPager(operations, executor, taskReader, query, run, endsOperation);
    return StreamSupport.stream(pager, false).onClose(pager::close);
  }

  /**
   * Stops the threads and evicts the connections of the HTTP client when the SDK built it; a client
   * passed by the user, or shared with the client this one was derived from, is left running. Later
   * calls fail with {@link IllegalStateException}. Idempotent.
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
