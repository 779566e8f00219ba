package dev.osc.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.v1.KataConfig;
import dev.osc.metrics.Metrics;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook over HTTPS: {@code POST /mutate-v1-pod} (peer-pods mutation), {@code POST
 * /validate-kataconfig}, {@code GET /healthz}. An AdmissionReview v1 comes in, one with the same
 * uid goes out. What is not a usable AdmissionReview gets HTTP 400 and one line saying what is
 * wrong. Bodies are never logged.
 */
public final class AdmissionServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionServer.class);

  /**
   * Objects are at most 1.5 MiB (etcd's default request limit) and a review of an update carries
   * two of them, the old and the new.
   */
  public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** Bounded: a burst queues, a flood past the queue has its connections closed. */
  private static final int THREADS = 8;

  private static final int QUEUE = 256;

  static {
    configureJdkServer();
  }

  /**
   * The JDK server reads its settings once per process, before its first server starts, hence a
   * static initializer; a value set on the command line wins. Time limits (seconds) for reading a
   * request and sending a response: without them a client that stops sending in the middle of a
   * request holds a worker thread forever; 30 s is the longest the API server waits for a webhook.
   * No Nagle delay: the server writes headers and body separately, and each admission would
   * otherwise wait for a delayed ACK.
   */
  private static void configureJdkServer() {
    Map.of(
            "sun.net.httpserver.maxReqTime",
            "30",
            "sun.net.httpserver.maxRspTime",
            "30",
            "sun.net.httpserver.nodelay",
            "true")
        .forEach(
            (key, value) -> {
              if (System.getProperty(key) == null) {
                System.setProperty(key, value);
              }
            });
  }

  private record Route<T>(String kind, Class<T> type, BiFunction<String, T, Verdict> decide) {}

  private final HttpsServer server;
  private final ThreadPoolExecutor pool;
  private final AdmissionReviews reviews = new AdmissionReviews();
  private final Map<String, Route<?>> routes;
  private final AdmissionMetrics metrics;

  private AdmissionServer(
      HttpsServer server,
      ThreadPoolExecutor pool,
      Map<String, Route<?>> routes,
      AdmissionMetrics metrics) {
    this.server = server;
    this.pool = pool;
    this.routes = routes;
    this.metrics = metrics;
  }

  /** Listens on {@code address} (port 0: any free port) until {@link #close()}. */
  public static AdmissionServer start(
      InetSocketAddress address,
      ServingCertificate certificate,
      PodMutator pods,
      KataConfigAdmission kataConfigs)
      throws IOException {
    return start(address, certificate, pods, kataConfigs, new AdmissionMetrics(new Metrics()));
  }

  /** As above, counting admissions into {@code metrics}. */
  public static AdmissionServer start(
      InetSocketAddress address,
      ServingCertificate certificate,
      PodMutator pods,
      KataConfigAdmission kataConfigs,
      AdmissionMetrics metrics)
      throws IOException {
    SSLContext tls = tls(certificate);
    HttpsServer https = HttpsServer.create(address, 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setProtocols(TLS_PROTOCOLS);
            params.setSSLParameters(p);
          }
        });
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "webhook-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    https.setExecutor(pool);
    AdmissionServer s =
        new AdmissionServer(
            https,
            pool,
            Map.of(
                PeerPods.PATH_MUTATE_POD,
                    new Route<>(
                        "Pod",
                        Pod.class,
                        (operation, pod) -> Verdict.patch(pods.mutate(operation, pod))),
                Names.PATH_VALIDATE_KATACONFIG,
                    new Route<>("KataConfig", KataConfig.class, kataConfigs::admit)),
            metrics);
    https.createContext("/", s::handle);
    https.start();
    return s;
  }

  /** TLS 1.2+ with the serving certificate, also what the webhook's /metrics is served with. */
  public static SSLContext tls(ServingCertificate certificate) throws IOException {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(new KeyManager[] {certificate}, null, null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private record Reply(int status, String contentType, byte[] body, boolean allowed) {
    /** Longer than any message of ours; a field name from the body can be anything. */
    private static final int MAX_LINE = 500;

    /** One line, whatever field names from the body the message quotes. */
    static Reply text(int status, String message) {
      String line = message.replaceAll("\\p{Cntrl}", "?");
      if (line.length() > MAX_LINE) {
        line = line.substring(0, MAX_LINE) + "...";
      }
      return new Reply(
          status,
          "text/plain; charset=utf-8",
          (line + "\n").getBytes(StandardCharsets.UTF_8),
          false);
    }
  }

  private void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String path = exchange.getRequestURI().getRawPath();
    try (exchange) {
      Reply reply;
      try {
        reply = reply(exchange);
      } catch (BadAdmissionRequest e) {
        reply = Reply.text(400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Admission request to {} failed", exchange.getRequestURI().getRawPath(), e);
        reply = Reply.text(500, "internal error: " + e.getClass().getSimpleName());
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(reply.status(), -1); // a HEAD reply has no body
        return;
      }
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
      if (routes.containsKey(path)) { // a bounded label: only the paths served count
        metrics.admitted(
            path, reply.status(), reply.allowed(), Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (IOException e) {
      LOG.debug("Admission client went away: {}", e.toString());
    }
  }

  private Reply reply(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    if (path.equals(Names.PATH_HEALTHZ)) {
      if (!method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        return Reply.text(405, "method " + method + " not allowed: use GET");
      }
      return Reply.text(200, "ok");
    }
    Route<?> route = routes.get(path);
    if (route == null) {
      return Reply.text(404, "not found: this webhook serves " + String.join(", ", paths()));
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return Reply.text(405, "method " + method + " not allowed: use POST");
    }
    AdmissionReviews.Request request = reviews.read(body(exchange));
    Verdict verdict = decide(route, request);
    LOG.debug(
        "{} {} uid={}: allowed={} patch={} ops",
        path,
        request.operation(),
        request.uid(),
        verdict.allowed(),
        verdict.patch().size());
    return new Reply(
        200, "application/json", reviews.write(request.uid(), verdict), verdict.allowed());
  }

  private <T> Verdict decide(Route<T> route, AdmissionReviews.Request request) {
    if (!route.kind().equals(request.object().path("kind").textValue())) {
      throw new BadAdmissionRequest("request.object must be a " + route.kind());
    }
    T object = reviews.bind(request.object(), route.type(), "request.object");
    try {
      return route.decide().apply(request.operation(), object);
    } catch (BadAdmissionRequest e) {
      throw new BadAdmissionRequest("request.object." + e.getMessage());
    }
  }

  /**
   * At most the limit: a larger body is refused without reading the rest of it. A declared
   * Content-Length is not trusted either way; refusing on it alone, before reading, would close the
   * connection with the body unread, and the client would often see a reset instead of the 400.
   */
  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new BadAdmissionRequest(
            "request body is larger than " + MAX_BODY_BYTES + " bytes (3 MiB)");
      }
      return body;
    }
  }

  /** The paths served. */
  public static List<String> paths() {
    return List.of(PeerPods.PATH_MUTATE_POD, Names.PATH_VALIDATE_KATACONFIG, Names.PATH_HEALTHZ);
  }
}
