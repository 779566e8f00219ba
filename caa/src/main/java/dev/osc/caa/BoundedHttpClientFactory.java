package dev.osc.caa;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adaptor's Kubernetes HTTP client: fabric8's JDK client with at most {@link #MAX_IN_FLIGHT}
 * requests on the wire ({@link StreamLimitedHttpClient}: a burst of sandboxes otherwise overruns
 * the API server's HTTP/2 stream limit), whose callbacks run on a few threads instead of fabric8's
 * unbounded cached pool. The callbacks only hand bytes on; the adaptor's calls wait on their own
 * threads. Idle workers end, so a closed client leaves none behind.
 */
public final class BoundedHttpClientFactory extends JdkHttpClientFactory {
  /** Workers for the HTTP client's callbacks. */
  static final int WORKERS = 4;

  /** Requests in flight; Go's HTTP/2 server, the API server's, allows 250 streams by default. */
  public static final int MAX_IN_FLIGHT = 64;

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new LimitedBuilder(super.createNewHttpClientBuilder());
  }

  private static final AtomicInteger IDS = new AtomicInteger();

  @Override
  protected void additionalConfig(HttpClient.Builder builder) {
    int client = IDS.incrementAndGet();
    AtomicInteger workers = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "kube-http-" + client + "-" + workers.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    builder.executor(pool);
  }

  /** Builds the JDK client as configured, wrapped in the in-flight limit. */
  private record LimitedBuilder(HttpClient.Builder builder) implements HttpClient.Builder {
    @Override
    public HttpClient build() {
      return new StreamLimitedHttpClient(builder.build(), MAX_IN_FLIGHT);
    }

    @Override
    public HttpClient.Builder cookieHandler(java.net.CookieHandler h) {
      builder.cookieHandler(h);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(java.time.Duration d) {
      builder.connectTimeout(d);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(javax.net.ssl.SSLContext c) {
      builder.sslContext(c);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(javax.net.ssl.SSLParameters p) {
      builder.sslParameters(p);
      return this;
    }

    @Override
    public HttpClient.Builder executor(java.util.concurrent.Executor e) {
      builder.executor(e);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect r) {
      builder.followRedirects(r);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version v) {
      builder.version(v);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int p) {
      builder.priority(p);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(java.net.ProxySelector p) {
      builder.proxy(p);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(java.net.Authenticator a) {
      builder.authenticator(a);
      return this;
    }
  }
}
