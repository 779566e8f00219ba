package dev.osc.testkit.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.osc.testkit.TestCerts;
import dev.osc.tls.Identity;
import dev.osc.tls.KeyAlgorithm;
import dev.osc.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The thin fault layer in front of {@link Moto}: an HTTPS endpoint on loopback that passes each EC2
 * query-protocol request to moto, in an account of its own, and adds what moto does not do. It
 * records every call ({@link #calls}) and the most calls it had in flight at once ({@link
 * #maxInFlight}).
 *
 * <p>Faults, answered with EC2's own error document and status (as {@link Ec2Fault} describes):
 *
 * <ul>
 *   <li>{@link #failNext}: the next calls of an action fail; an {@link Ec2Fault#afterEffect()}
 *       fault lets moto do the work first (a response lost on its way back).
 *   <li>{@link #throttle}: a share of the calls of some actions fail, like EC2 refusing requests
 *       over the account's rate ({@code RequestLimitExceeded}, HTTP 503) or lacking capacity.
 *   <li>{@link #staleDescribes}: the next filtered DescribeInstances calls see no instance, as
 *       EC2's eventually consistent reads may right after a launch.
 *   <li>{@link #latency}: calls of an action take longer.
 *   <li>{@link #pageSizeLimit}: DescribeInstances pages are shorter than asked, as EC2's may be.
 * </ul>
 *
 * <p>EC2 behaviour moto 5.2 lacks: a {@code ClientToken} makes RunInstances idempotent. moto stores
 * the token but launches again; here a RunInstances with a token seen before answers with the first
 * launch's instance as it is now (terminated included), as EC2 does (the parameter mismatch check,
 * {@code IdempotentParameterMismatch}, is not done).
 */
public final class Ec2FaultProxy implements AutoCloseable {
  private static final Pattern SIGV4_KEY = Pattern.compile("Credential=([^/]+)/");
  private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>(i-[0-9a-f]+)<");
  private static final Pattern RESERVATION =
      Pattern.compile("<reservationSet>\\s*<item>(.*)</item>\\s*</reservationSet>", Pattern.DOTALL);
  private static final Set<String> UNFORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "accept-encoding");

  private final Moto moto;
  private final String account;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final X509Certificate certificate;
  private final List<Ec2Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Ec2Fault>> faults = new HashMap<>();
  private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
  private final Map<String, String> launchedByToken = new ConcurrentHashMap<>();
  private final Map<String, Object> tokenLocks = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger staleDescribes = new AtomicInteger();
  // Guarded by this.
  private Predicate<Ec2Call> throttled = c -> false;
  private double throttledShare;
  private Ec2Fault throttleFault;
  private Random random = new Random(0);
  private volatile int pageSizeLimit = Integer.MAX_VALUE;

  private Ec2FaultProxy(Moto moto, String account) throws IOException {
    this.moto = moto;
    this.account = account;
    Identity identity = TestCerts.selfSigned("ec2-fault-proxy", KeyAlgorithm.EC_P256);
    this.certificate = identity.certificate();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ec2-fault-proxy");
              t.setDaemon(true);
              return t;
            });
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
      server.setHttpsConfigurator(
          new HttpsConfigurator(TlsContexts.of(identity, identity.certificate())));
      client =
          HttpClient.newBuilder()
              .sslContext(TestCerts.trusting("TLS", moto.certificate()))
              .executor(executor)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the EC2 fault proxy", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** In front of {@code moto}, in a fresh account: nothing of another test shows. */
  public static Ec2FaultProxy start(Moto moto) throws IOException {
    Ec2FaultProxy proxy = new Ec2FaultProxy(moto, Moto.newAccount());
    proxy.server.start();
    return proxy;
  }

  /** Where to point the SDK: https on loopback, serving {@link #certificate()}. */
  public URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The self-signed certificate this proxy serves; a client trusts exactly this. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** moto's account this proxy's calls go to. */
  public String account() {
    return account;
  }

  /** The next {@code times} calls of {@code action} fail with {@code fault}. */
  public Ec2FaultProxy failNext(String action, int times, Ec2Fault fault) {
    synchronized (faults) {
      Deque<Ec2Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        queue.add(fault);
      }
    }
    return this;
  }

  public Ec2FaultProxy failNext(String action, Ec2Fault fault) {
    return failNext(action, 1, fault);
  }

  /**
   * From now on each call of {@code actions} fails with {@code fault} with probability {@code
   * share} (drawn from a generator seeded with {@code seed}, so a run can be repeated); share 0
   * stops it.
   */
  public Ec2FaultProxy throttle(Set<String> actions, double share, Ec2Fault fault, long seed) {
    Set<String> chosen = Set.copyOf(actions);
    return throttle(c -> chosen.contains(c.action()), share, fault, seed);
  }

  /** {@link #throttle(Set, double, Ec2Fault, long)} for the calls {@code which} accepts. */
  public synchronized Ec2FaultProxy throttle(
      Predicate<Ec2Call> which, double share, Ec2Fault fault, long seed) {
    throttled = which;
    throttledShare = share;
    throttleFault = fault;
    random = new Random(seed);
    return this;
  }

  /** The next {@code times} DescribeInstances calls with filters find no instance. */
  public Ec2FaultProxy staleDescribes(int times) {
    staleDescribes.set(times);
    return this;
  }

  /** Every later call of {@code action} takes {@code delay} longer. */
  public Ec2FaultProxy latency(String action, Duration delay) {
    latencies.put(action, delay);
    return this;
  }

  /** DescribeInstances pages hold at most this many reservations, whatever MaxResults asks. */
  public Ec2FaultProxy pageSizeLimit(int limit) {
    pageSizeLimit = limit;
    return this;
  }

  /** Every call received, in order, faulted ones included. */
  public List<Ec2Call> calls() {
    return List.copyOf(calls);
  }

  public List<Ec2Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** The most calls this proxy had in flight at once since it started. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- HTTP ----

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Reply reply;
      try {
        reply = reply(exchange);
      } catch (Ec2Fault.Failure failure) {
        reply = error(failure.fault);
      } catch (IOException | RuntimeException e) {
        reply = error(new Ec2Fault(500, "InternalError", "fault proxy: " + e, false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = error(new Ec2Fault(503, "Unavailable", "fault proxy stopping", false));
      }
      byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      exchange.sendResponseHeaders(reply.status, bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private record Reply(int status, String body) {}

  private static Reply error(Ec2Fault fault) {
    return new Reply(
        fault.status(), Ec2Xml.error(fault.code(), fault.message(), UUID.randomUUID().toString()));
  }

  private Reply reply(HttpExchange exchange) throws IOException, InterruptedException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    List<String[]> form = form(body);
    Map<String, String> params = new LinkedHashMap<>();
    form.forEach(p -> params.put(p[0], p[1]));
    String action = params.getOrDefault("Action", "");
    Map<String, String> recorded = new LinkedHashMap<>(params);
    recorded.remove("Action");
    recorded.remove("Version");
    Matcher key =
        SIGV4_KEY.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    Ec2Call call = new Ec2Call(action, recorded, key.find() ? key.group(1) : null);
    calls.add(call);

    Duration latency = latencies.get(action);
    if (latency != null) {
      Thread.sleep(latency.toMillis());
    }
    Ec2Fault fault = nextFault(call);
    if (fault != null && !fault.afterEffect()) {
      throw fault.toException();
    }
    Reply reply;
    if (action.equals("DescribeInstances")
        && params.keySet().stream().anyMatch(k -> k.startsWith("Filter."))
        && staleDescribes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      reply = emptyDescribe();
    } else if (action.equals("RunInstances") && params.get("ClientToken") != null) {
      reply = idempotentRun(exchange, form, params.get("ClientToken"));
    } else {
      if (action.equals("DescribeInstances") && pageSizeLimit != Integer.MAX_VALUE) {
        int asked = Integer.parseInt(params.getOrDefault("MaxResults", "1000"));
        set(form, "MaxResults", String.valueOf(Math.min(asked, pageSizeLimit)));
      }
      reply = forward(exchange, encode(form));
    }
    if (fault != null) {
      throw fault.toException();
    }
    return reply;
  }

  private Ec2Fault nextFault(Ec2Call call) {
    synchronized (faults) {
      Deque<Ec2Fault> queue = faults.get(call.action());
      if (queue != null && !queue.isEmpty()) {
        return queue.poll();
      }
    }
    synchronized (this) {
      if (throttled.test(call) && random.nextDouble() < throttledShare) {
        return throttleFault;
      }
    }
    return null;
  }

  /** EC2's answer to a repeated ClientToken: the first launch's instance, as it is now. */
  private Reply idempotentRun(HttpExchange exchange, List<String[]> form, String token)
      throws IOException, InterruptedException {
    synchronized (tokenLocks.computeIfAbsent(token, t -> new Object())) {
      String launched = launchedByToken.get(token);
      if (launched == null) {
        Reply reply = forward(exchange, encode(form));
        Matcher id = INSTANCE_ID.matcher(reply.body);
        if (reply.status == 200 && id.find()) {
          launchedByToken.put(token, id.group(1));
        }
        return reply;
      }
      String describe =
          encode(
              List.of(
                  new String[] {"Action", "DescribeInstances"},
                  new String[] {"Version", value(form, "Version")},
                  new String[] {"InstanceId.1", launched}));
      Reply described = forward(exchange, describe);
      Matcher reservation = RESERVATION.matcher(described.body);
      if (described.status != 200 || !reservation.find()) {
        return described;
      }
      return new Reply(
          200,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RunInstancesResponse xmlns=\""
              + Ec2Xml.NAMESPACE
              + "\"><requestId>"
              + UUID.randomUUID()
              + "</requestId>"
              + reservation.group(1)
              + "</RunInstancesResponse>");
    }
  }

  private static Reply emptyDescribe() {
    return new Reply(
        200,
        Ec2Xml.response("DescribeInstances", UUID.randomUUID().toString())
            .start("reservationSet")
            .end()
            .done());
  }

  /** To moto, with the caller's signature headers (moto does not check them) in our account. */
  private Reply forward(HttpExchange exchange, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(moto.endpoint().resolve(exchange.getRequestURI().getRawPath()))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!UNFORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    request.setHeader(Moto.ACCOUNT_HEADER, account);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(response.statusCode(), response.body());
  }

  private static List<String[]> form(String body) {
    List<String[]> pairs = new ArrayList<>();
    if (body.isEmpty()) {
      return pairs;
    }
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(
          new String[] {
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8)
          });
    }
    return pairs;
  }

  private static String encode(List<String[]> form) {
    StringBuilder out = new StringBuilder();
    for (String[] p : form) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(p[0], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static void set(List<String[]> form, String name, String value) {
    form.removeIf(p -> p[0].equals(name));
    form.add(new String[] {name, value});
  }

  private static String value(List<String[]> form, String name) {
    return form.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).findFirst().orElse("");
  }
}
