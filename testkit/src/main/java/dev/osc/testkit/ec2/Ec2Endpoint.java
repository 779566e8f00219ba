package dev.osc.testkit.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EC2 API on loopback that the real AWS SDK talks to through an endpoint override: the query
 * protocol (form-encoded POST, {@code Action} and flattened {@code Name.N.Field} parameters) in,
 * EC2's XML out. It keeps instances in memory so tests see what a launch would have done on AWS.
 *
 * <p>EC2 behaviours it mirrors, for the calls the peer-pods AWS provider makes:
 *
 * <ul>
 *   <li>Responses in the {@code 2016-11-15} namespace with a {@code requestId}; errors as {@code
 *       <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>} with a 4xx or 5xx
 *       status, so the SDK raises its exception with EC2's error code.
 *   <li>Unsigned requests fail with {@code AuthFailure}; the SigV4 access key is recorded.
 *   <li>{@code RunInstances}: one instance per call. The image must be registered ({@code
 *       InvalidAMIID.NotFound}), the type in the catalog ({@code InvalidParameterValue}); a {@code
 *       ClientToken} makes it idempotent: the same token returns the first launch's instance,
 *       whatever its state now, and different parameters with it fail with {@code
 *       IdempotentParameterMismatch}. A root volume smaller than the image's snapshot fails with
 *       {@code InvalidBlockDeviceMapping}; user data must be base64 and at most 16 KiB decoded;
 *       {@code NetworkInterface.N} with an instance-level subnet or security groups fails with
 *       {@code InvalidParameterCombination}; {@code CpuOptions.AmdSevSnp=enabled} needs an instance
 *       type with the {@code amd-sev-snp} feature. Tags of {@code TagSpecification}s for {@code
 *       instance} and {@code volume} are stored. Ids are {@code i-<17 hex>}, private addresses
 *       {@code 10.0.x.y}; a public address (for {@code AssociatePublicIpAddress}) shows only once
 *       the instance runs.
 *   <li>States: {@code pending} for {@link #pendingFor} then {@code running}; {@code
 *       TerminateInstances} makes it {@code shutting-down} for {@link #shuttingDownFor} then {@code
 *       terminated}. Terminated instances stay visible to {@code DescribeInstances}, as on EC2 for
 *       about an hour, and terminating them again succeeds.
 *   <li>{@code TerminateInstances} and {@code DescribeInstances} by id fail the whole call with
 *       {@code InvalidInstanceID.NotFound} (400) when any id is unknown, and with {@code
 *       InvalidInstanceID.Malformed} when an id is not {@code i-<hex>}.
 *   <li>{@code DescribeInstances} filters {@code instance-id}, {@code instance-state-name}, {@code
 *       instance-type}, {@code image-id}, {@code subnet-id}, {@code tag-key} and {@code tag:<key>},
 *       with {@code *} and {@code ?} wildcards: filters AND, values OR; an unknown filter is {@code
 *       InvalidParameterValue}. Instances come grouped in reservations, a page of at most {@code
 *       MaxResults} (5..1000, not with instance ids) and the {@link #pageSizeLimit} followed by a
 *       {@code nextToken}: like EC2, a page may be shorter than asked.
 *   <li>{@code DescribeInstanceTypes} from a small catalog (t3.medium, t3.large, m6a.large,
 *       m6a.xlarge, c5.xlarge, g4dn.xlarge with one T4 GPU); an unknown type is {@code
 *       InvalidInstanceType}.
 *   <li>{@code DescribeImages} of registered images with their root device name and snapshot size;
 *       an unknown id is {@code InvalidAMIID.NotFound}. An image registered through the API is
 *       {@code pending} for {@link #imagePendingFor}, then {@code available}.
 *   <li>{@code RegisterImage} from an EBS snapshot (the pod VM image job): {@code Name} (3 to 128
 *       characters of letters, digits, {@code ()[] ./-'@_}, else {@code InvalidAMIName.Malformed})
 *       must be unused by this account's images ({@code InvalidAMIName.Duplicate}); {@code
 *       RootDeviceName} is required and one {@code BlockDeviceMapping} must name it with an {@code
 *       Ebs.SnapshotId} of an existing snapshot ({@code InvalidSnapshot.NotFound}, or {@code
 *       InvalidSnapshotID.Malformed}); {@code Architecture}, {@code BootMode}, {@code EnaSupport}
 *       are kept and shown by {@code DescribeImages}.
 *   <li>{@code DeregisterImage}: the image disappears at once; an unknown id is {@code
 *       InvalidAMIID.NotFound}. Its snapshot stays, as on EC2.
 *   <li>{@code DescribeSnapshots} by {@code SnapshotId} or of all; the snapshots made here carry no
 *       tags, so a {@code tag:} filter matches none, as it matches no untagged snapshot on EC2.
 * </ul>
 *
 * <p>Not EC2: {@code InstanceType} is required (EC2 defaults to m1.small); there is no eventual
 * consistency unless asked for ({@link #describeLag}), no validation of VPCs, subnets, key pairs or
 * security groups, and no volumes or network interfaces of their own.
 *
 * <p>For tests it records every call ({@link #calls}), injects latency ({@link #latency}) and
 * faults ({@link #failNext}) per action, and shows its instances ({@link #instances}).
 */
public final class Ec2Endpoint implements AutoCloseable {
  /** The image every endpoint starts with: root {@code /dev/xvda}, an 8 GiB snapshot. */
  public static final String DEFAULT_IMAGE = "ami-0a1b2c3d4e5f60718";

  public static final String OWNER_ID = "123456789012";

  private static final int USER_DATA_LIMIT = 16 * 1024;
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{8,17}");
  private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{8,17}");
  private static final Pattern AMI_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");
  private static final Pattern SIGV4_SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/");

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Ec2Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Image> images = new ConcurrentHashMap<>();
  private final Map<String, Deque<Ec2Fault>> faults = new HashMap<>();
  private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
  // Guarded by this: instances in launch order, and the first launch of each client token.
  private final Map<String, Machine> machines = new LinkedHashMap<>();
  private final Map<String, Machine> byClientToken = new HashMap<>();
  private int addresses;
  private volatile Duration pendingFor = Duration.ofMillis(100);
  private volatile Duration shuttingDownFor = Duration.ofMillis(100);
  private volatile int pageSizeLimit = 1000;
  private volatile Duration describeLag = Duration.ZERO;
  private volatile Duration imagePendingFor = Duration.ofMillis(100);

  /** Snapshot id to its size in GiB. */
  private final Map<String, Integer> snapshots = new ConcurrentHashMap<>();

  private record Image(
      String id,
      String name,
      String rootDeviceName,
      int sizeGiB,
      String snapshotId,
      String architecture,
      String bootMode,
      boolean enaSupport,
      long availableAt) {
    String state(long now) {
      return now < availableAt ? "pending" : "available";
    }
  }

  private Ec2Endpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ec2-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    registerImage(DEFAULT_IMAGE, "/dev/xvda", 8);
  }

  /** Starts an endpoint on a free loopback port. */
  public static Ec2Endpoint start() throws IOException {
    Ec2Endpoint endpoint = new Ec2Endpoint();
    endpoint.server.start();
    return endpoint;
  }

  /** Where to point the SDK ({@code endpointOverride}, or {@code AWS_ENDPOINT_URL}). */
  public URI uri() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort());
  }

  /** Registers an AMI whose root device is {@code rootDeviceName} on a snapshot of that size. */
  public Ec2Endpoint registerImage(String imageId, String rootDeviceName, int sizeGiB) {
    images.put(
        imageId,
        new Image(
            imageId,
            "podvm-" + imageId,
            rootDeviceName,
            sizeGiB,
            "snap-" + hex(17),
            "x86_64",
            "uefi",
            true,
            0));
    return this;
  }

  /** A completed EBS snapshot of that size, as {@code ImportSnapshot} would leave; its id. */
  public String createSnapshot(int sizeGiB) {
    String id = "snap-" + hex(17);
    snapshots.put(id, sizeGiB);
    return id;
  }

  /** How long an image registered through the API stays pending before it is available. */
  public Ec2Endpoint imagePendingFor(Duration delay) {
    imagePendingFor = delay;
    return this;
  }

  /** Whether an image with this id is registered (pending or available). */
  public boolean hasImage(String imageId) {
    return images.containsKey(imageId);
  }

  /** How long a launched instance stays pending before it runs. */
  public Ec2Endpoint pendingFor(Duration delay) {
    pendingFor = delay;
    return this;
  }

  /** How long a terminated instance stays shutting-down. */
  public Ec2Endpoint shuttingDownFor(Duration delay) {
    shuttingDownFor = delay;
    return this;
  }

  /** The most instances one DescribeInstances page returns, whatever MaxResults asks for. */
  public Ec2Endpoint pageSizeLimit(int limit) {
    pageSizeLimit = limit;
    return this;
  }

  /**
   * For how long a launched instance is invisible to DescribeInstances: EC2 is eventually
   * consistent, and a describe right after a launch may not know the instance yet.
   */
  public Ec2Endpoint describeLag(Duration lag) {
    describeLag = lag;
    return this;
  }

  /** Every later call of {@code action} takes {@code delay} longer. */
  public Ec2Endpoint latency(String action, Duration delay) {
    latencies.put(action, delay);
    return this;
  }

  /** The next {@code times} calls of {@code action} fail with {@code fault}. */
  public Ec2Endpoint failNext(String action, int times, Ec2Fault fault) {
    synchronized (faults) {
      Deque<Ec2Fault> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        queue.add(fault);
      }
    }
    return this;
  }

  /** The next call of {@code action} fails with {@code fault}. */
  public Ec2Endpoint failNext(String action, Ec2Fault fault) {
    return failNext(action, 1, fault);
  }

  /** Every call received, in order. */
  public List<Ec2Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one action, in order. */
  public List<Ec2Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Every instance ever launched here, terminated ones included, in launch order. */
  public synchronized List<Ec2Instance> instances() {
    long now = System.nanoTime();
    return machines.values().stream().map(m -> m.snapshot(now)).toList();
  }

  /** The pending and running instances. */
  public List<Ec2Instance> liveInstances() {
    return instances().stream().filter(Ec2Instance::live).toList();
  }

  public Optional<Ec2Instance> instance(String id) {
    return instances().stream().filter(i -> i.id().equals(id)).findFirst();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- HTTP ----

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    int status = 200;
    String body;
    try {
      Map<String, String> params = form(exchange.getRequestURI().getRawQuery());
      params.putAll(
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      String action = Objects.requireNonNullElse(params.remove("Action"), "");
      params.remove("Version");
      Matcher scope =
          SIGV4_SCOPE.matcher(
              Objects.requireNonNullElse(
                  exchange.getRequestHeaders().getFirst("Authorization"), ""));
      boolean signed = scope.find();
      Ec2Call call = new Ec2Call(action, params, signed ? scope.group(1) : null);
      calls.add(call);
      body = respond(call, signed ? scope.group(2) : "us-east-1", requestId);
    } catch (Ec2Fault.Failure failure) {
      status = failure.fault.status();
      body = Ec2Xml.error(failure.fault.code(), failure.fault.message(), requestId);
    } catch (RuntimeException bug) {
      status = 500;
      body = Ec2Xml.error("InternalError", "endpoint bug: " + bug, requestId);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String respond(Ec2Call call, String region, String requestId) {
    if (call.accessKeyId() == null) {
      throw new Ec2Fault(
              401,
              "AuthFailure",
              "AWS was not able to validate the provided access credentials",
              false)
          .toException();
    }
    Duration latency = latencies.get(call.action());
    if (latency != null) {
      sleep(latency);
    }
    Ec2Fault fault;
    synchronized (faults) {
      Deque<Ec2Fault> queue = faults.get(call.action());
      fault = queue == null ? null : queue.poll();
    }
    if (fault != null && !fault.afterEffect()) {
      throw fault.toException();
    }
    String response =
        switch (call.action()) {
          case "RunInstances" -> runInstances(call, region, requestId);
          case "TerminateInstances" -> terminateInstances(call, requestId);
          case "DescribeInstances" -> describeInstances(call, requestId);
          case "DescribeInstanceTypes" -> describeInstanceTypes(call, requestId);
          case "DescribeImages" -> describeImages(call, requestId);
          case "RegisterImage" -> registerImage(call, requestId);
          case "DeregisterImage" -> deregisterImage(call, requestId);
          case "DescribeSnapshots" -> describeSnapshots(call, requestId);
          default ->
              throw Ec2Fault.client(
                      "InvalidAction",
                      "The action " + call.action() + " is not valid for this web service.")
                  .toException();
        };
    if (fault != null) {
      throw fault.toException();
    }
    return response;
  }

  // ---- RunInstances ----

  private String runInstances(Ec2Call call, String region, String requestId) {
    String imageId = required(call, "ImageId");
    String type = required(call, "InstanceType");
    Image image = image(imageId);
    Ec2Catalog.Type catalogType = Ec2Catalog.TYPES.get(type);
    if (catalogType == null) {
      throw invalid("Invalid value '" + type + "' for InstanceType.");
    }
    if (!"1".equals(call.param("MinCount")) || !"1".equals(call.param("MaxCount"))) {
      throw new Ec2Fault(
              400,
              "Unsupported",
              "this endpoint launches exactly one instance per call (MinCount=MaxCount=1)",
              false)
          .toException();
    }
    String token = call.param("ClientToken");
    if (token != null && token.length() > 64) {
      throw invalid(
          "Value ("
              + token
              + ") for parameter clientToken is invalid. "
              + "Length exceeds maximum of 64");
    }
    Map<String, String> nic = call.structs("NetworkInterface").stream().findFirst().orElse(null);
    if (nic != null && call.param("SubnetId") != null) {
      throw combination(
          "Network interfaces and an instance-level subnet ID may not be specified "
              + "on the same request");
    }
    if (nic != null && !call.list("SecurityGroupId").isEmpty()) {
      throw combination(
          "Network interfaces and an instance-level security groups may not be "
              + "specified on the same request");
    }
    String userData = userData(call.param("UserData"));
    boolean sevSnp = "enabled".equals(call.param("CpuOptions.AmdSevSnp"));
    if (sevSnp && !catalogType.sevSnp()) {
      throw new Ec2Fault(
              400,
              "UnsupportedOperation",
              "The instance type " + type + " does not support AMD SEV-SNP.",
              false)
          .toException();
    }
    int rootSize = rootVolumeSize(call, image);
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, String> volumeTags = new LinkedHashMap<>();
    for (int i = 1; call.param("TagSpecification." + i + ".ResourceType") != null; i++) {
      String resource = call.param("TagSpecification." + i + ".ResourceType");
      Map<String, String> given = call.tags("TagSpecification." + i + ".Tag");
      switch (resource) {
        case "instance" -> tags.putAll(given);
        case "volume" -> volumeTags.putAll(given);
        default ->
            throw invalid(
                "'"
                    + resource
                    + "' is not a valid taggable resource type "
                    + "for this operation.");
      }
    }
    String subnet = nic != null ? nic.get("SubnetId") : call.param("SubnetId");
    List<String> groups =
        nic != null ? Ec2Call.list(nic, "SecurityGroupId") : call.list("SecurityGroupId");
    boolean publicIp = nic != null && "true".equals(nic.get("AssociatePublicIpAddress"));

    synchronized (this) {
      Machine machine = token == null ? null : byClientToken.get(token);
      if (machine != null) {
        if (!machine.imageId.equals(imageId)
            || !machine.type.equals(type)
            || !Objects.equals(machine.subnetId, subnet)) {
          throw Ec2Fault.client(
                  "IdempotentParameterMismatch",
                  "Arguments on this idempotent request are inconsistent with arguments used in "
                      + "previous request(s).")
              .toException();
        }
      } else {
        int n = addresses++;
        machine =
            new Machine(
                "i-" + hex(17),
                "r-" + hex(17),
                imageId,
                type,
                region + "a",
                subnet,
                groups,
                call.param("KeyName"),
                token,
                userData,
                tags,
                volumeTags,
                image.rootDeviceName(),
                rootSize,
                sevSnp,
                "10.0." + (n / 250) + "." + (n % 250 + 4),
                publicIp ? "198.51." + (100 + n / 254) + "." + (n % 254 + 1) : null,
                System.nanoTime(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        machines.put(machine.id, machine);
        if (token != null) {
          byClientToken.put(token, machine);
        }
      }
      Ec2Xml xml =
          Ec2Xml.response("RunInstances", requestId)
              .leaf("reservationId", machine.reservationId)
              .leaf("ownerId", OWNER_ID)
              .start("groupSet")
              .end()
              .start("instancesSet");
      machine.write(xml, System.nanoTime());
      return xml.done();
    }
  }

  private static String userData(String base64) {
    if (base64 == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid BASE64 encoding of user data.");
    }
    if (bytes.length > USER_DATA_LIMIT) {
      throw invalid("User data is limited to " + USER_DATA_LIMIT + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The root volume's size: the mapping's for the image's root device, else the snapshot's. */
  private static int rootVolumeSize(Ec2Call call, Image image) {
    for (Map<String, String> mapping : call.structs("BlockDeviceMapping")) {
      String size = mapping.get("Ebs.VolumeSize");
      if (image.rootDeviceName().equals(mapping.get("DeviceName")) && size != null) {
        int gib = Integer.parseInt(size);
        if (gib < image.sizeGiB()) {
          throw Ec2Fault.client(
                  "InvalidBlockDeviceMapping",
                  "Volume of size "
                      + gib
                      + "GB is smaller than snapshot '"
                      + image.snapshotId()
                      + "', expect size >= "
                      + image.sizeGiB()
                      + "GB")
              .toException();
        }
        return gib;
      }
    }
    return image.sizeGiB();
  }

  // ---- TerminateInstances ----

  private synchronized String terminateInstances(Ec2Call call, String requestId) {
    List<Machine> targets = byIds(call.list("InstanceId"), m -> true);
    if (targets.isEmpty()) {
      throw missing("InstanceId");
    }
    long now = System.nanoTime();
    Ec2Xml xml = Ec2Xml.response("TerminateInstances", requestId).start("instancesSet");
    for (Machine m : targets) {
      State before = m.state(now);
      if (m.terminatedAt == 0) {
        m.terminatedAt = now;
      }
      State after = m.state(now);
      xml.start("item").leaf("instanceId", m.id);
      after.write(xml, "currentState");
      before.write(xml, "previousState");
      xml.end();
    }
    return xml.done();
  }

  // ---- DescribeInstances ----

  private synchronized String describeInstances(Ec2Call call, String requestId) {
    List<String> ids = call.list("InstanceId");
    String maxResults = call.param("MaxResults");
    if (maxResults != null && !ids.isEmpty()) {
      throw combination(
          "The parameter instancesSet cannot be used with the parameter " + "maxResults");
    }
    int max = 1000;
    if (maxResults != null) {
      max = Integer.parseInt(maxResults);
      if (max < 5 || max > 1000) {
        throw invalid(
            "Value ( "
                + max
                + " ) for parameter maxResults is invalid. "
                + "Expecting a value between 5 and 1000.");
      }
    }
    long now = System.nanoTime();
    long lag = describeLag.toNanos();
    Predicate<Machine> visible = m -> now - m.launchedAt >= lag;
    List<Machine> candidates =
        ids.isEmpty() ? machines.values().stream().filter(visible).toList() : byIds(ids, visible);
    List<Map<String, String>> filters = call.structs("Filter");
    List<Machine> matching =
        candidates.stream()
            .filter(m -> filters.stream().allMatch(f -> matches(m, f, now)))
            .toList();
    int from = offset(call.param("NextToken"));
    int to = Math.min(matching.size(), from + Math.min(max, pageSizeLimit));
    Ec2Xml xml = Ec2Xml.response("DescribeInstances", requestId).start("reservationSet");
    String reservation = null;
    for (Machine m : matching.subList(Math.min(from, to), to)) {
      if (!m.reservationId.equals(reservation)) {
        if (reservation != null) {
          xml.end().end();
        }
        reservation = m.reservationId;
        xml.start("item")
            .leaf("reservationId", reservation)
            .leaf("ownerId", OWNER_ID)
            .start("groupSet")
            .end()
            .start("instancesSet");
      }
      m.write(xml, now);
    }
    if (reservation != null) {
      xml.end().end();
    }
    xml.end();
    if (to < matching.size()) {
      xml.leaf(
          "nextToken",
          Base64.getEncoder().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8)));
    }
    return xml.done();
  }

  private static int offset(String nextToken) {
    if (nextToken == null) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(nextToken), StandardCharsets.UTF_8);
      return Integer.parseInt(decoded.substring("offset:".length()));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw invalid("Invalid value '" + nextToken + "' for nextToken");
    }
  }

  private static boolean matches(Machine m, Map<String, String> filter, long now) {
    String name = Objects.requireNonNullElse(filter.get("Name"), "");
    List<String> values = Ec2Call.list(filter, "Value");
    List<String> actual =
        switch (name) {
          case "instance-id" -> List.of(m.id);
          case "instance-state-name" -> List.of(m.state(now).name);
          case "instance-type" -> List.of(m.type);
          case "image-id" -> List.of(m.imageId);
          case "subnet-id" -> m.subnetId == null ? List.of() : List.of(m.subnetId);
          case "tag-key" -> List.copyOf(m.tags.keySet());
          default -> {
            if (!name.startsWith("tag:")) {
              throw invalid("The filter '" + name + "' is invalid");
            }
            String value = m.tags.get(name.substring(4));
            yield value == null ? List.of() : List.of(value);
          }
        };
    return actual.stream().anyMatch(a -> values.stream().anyMatch(v -> glob(v, a)));
  }

  /** EC2 filter values: {@code *} any run of characters, {@code ?} one character. */
  private static boolean glob(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return value.matches(regex.toString());
  }

  // ---- DescribeInstanceTypes, DescribeImages ----

  private static String describeInstanceTypes(Ec2Call call, String requestId) {
    List<String> names = call.list("InstanceType");
    List<String> unknown = names.stream().filter(n -> !Ec2Catalog.TYPES.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw Ec2Fault.client(
              "InvalidInstanceType",
              "The following supplied instance types do not exist: " + unknown)
          .toException();
    }
    Ec2Xml xml = Ec2Xml.response("DescribeInstanceTypes", requestId).start("instanceTypeSet");
    for (Ec2Catalog.Type t : Ec2Catalog.TYPES.values()) {
      if (!names.isEmpty() && !names.contains(t.name())) {
        continue;
      }
      xml.start("item")
          .leaf("instanceType", t.name())
          .leaf("currentGeneration", true)
          .start("processorInfo")
          .start("supportedArchitectures")
          .leaf("item", "x86_64")
          .end()
          .start("supportedFeatures");
      if (t.sevSnp()) {
        xml.leaf("item", "amd-sev-snp");
      }
      xml.end()
          .leaf("manufacturer", t.cpuMaker())
          .end()
          .start("vCpuInfo")
          .leaf("defaultVCpus", t.vcpus())
          .leaf("defaultCores", t.vcpus() / 2)
          .leaf("defaultThreadsPerCore", 2)
          .end()
          .start("memoryInfo")
          .leaf("sizeInMiB", t.memoryMiB())
          .end();
      if (t.gpus() > 0) {
        xml.start("gpuInfo")
            .start("gpus")
            .start("item")
            .leaf("name", t.gpuName())
            .leaf("manufacturer", "NVIDIA")
            .leaf("count", t.gpus())
            .start("memoryInfo")
            .leaf("sizeInMiB", t.gpuMemoryMiB())
            .end()
            .end()
            .end()
            .leaf("totalGpuMemoryInMiB", t.gpus() * t.gpuMemoryMiB())
            .end();
      }
      xml.end();
    }
    return xml.done();
  }

  private String describeImages(Ec2Call call, String requestId) {
    List<String> ids = call.list("ImageId");
    List<Image> found =
        ids.isEmpty() ? List.copyOf(images.values()) : ids.stream().map(this::image).toList();
    long now = System.nanoTime();
    Ec2Xml xml = Ec2Xml.response("DescribeImages", requestId).start("imagesSet");
    for (Image image : found) {
      xml.start("item")
          .leaf("imageId", image.id())
          .leaf("imageLocation", OWNER_ID + "/" + image.name())
          .leaf("imageState", image.state(now))
          .leaf("imageOwnerId", OWNER_ID)
          .leaf("isPublic", false)
          .leaf("architecture", image.architecture())
          .leaf("imageType", "machine")
          .leaf("name", image.name())
          .leaf("rootDeviceType", "ebs")
          .leaf("rootDeviceName", image.rootDeviceName())
          .start("blockDeviceMapping")
          .start("item")
          .leaf("deviceName", image.rootDeviceName())
          .start("ebs")
          .leaf("snapshotId", image.snapshotId())
          .leaf("volumeSize", image.sizeGiB())
          .leaf("deleteOnTermination", true)
          .leaf("volumeType", "gp3")
          .leaf("encrypted", false)
          .end()
          .end()
          .end()
          .leaf("virtualizationType", "hvm")
          .leaf("enaSupport", image.enaSupport())
          .leaf("bootMode", image.bootMode())
          .end();
    }
    return xml.done();
  }

  private synchronized String registerImage(Ec2Call call, String requestId) {
    String name = required(call, "Name");
    if (!AMI_NAME.matcher(name).matches()) {
      throw Ec2Fault.client(
              "InvalidAMIName.Malformed",
              "AMI names must be between 3 and 128 "
                  + "characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'")
          .toException();
    }
    images.values().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .ifPresent(
            i -> {
              throw Ec2Fault.client(
                      "InvalidAMIName.Duplicate",
                      "AMI name " + name + " is already in use by AMI " + i.id())
                  .toException();
            });
    String root = required(call, "RootDeviceName");
    Map<String, String> rootMapping =
        call.structs("BlockDeviceMapping").stream()
            .filter(m -> root.equals(m.get("DeviceName")))
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        "The device name "
                            + root
                            + " given as the root device has no block device mapping"));
    String snapshotId = rootMapping.get("Ebs.SnapshotId");
    if (snapshotId == null) {
      throw missing("BlockDeviceMapping.Ebs.SnapshotId");
    }
    if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
      throw Ec2Fault.client("InvalidSnapshotID.Malformed", "Invalid id: \"" + snapshotId + "\"")
          .toException();
    }
    Integer size = snapshots.get(snapshotId);
    if (size == null) {
      throw Ec2Fault.client(
              "InvalidSnapshot.NotFound", "The snapshot '" + snapshotId + "' does not exist.")
          .toException();
    }
    String id = "ami-" + hex(17);
    images.put(
        id,
        new Image(
            id,
            name,
            root,
            size,
            snapshotId,
            Objects.requireNonNullElse(call.param("Architecture"), "i386"),
            Objects.requireNonNullElse(call.param("BootMode"), "legacy-bios"),
            "true".equals(call.param("EnaSupport")),
            System.nanoTime() + imagePendingFor.toNanos()));
    return Ec2Xml.response("RegisterImage", requestId).leaf("imageId", id).done();
  }

  private String deregisterImage(Ec2Call call, String requestId) {
    String id = required(call, "ImageId");
    image(id);
    images.remove(id);
    return Ec2Xml.response("DeregisterImage", requestId).leaf("return", true).done();
  }

  private String describeSnapshots(Ec2Call call, String requestId) {
    List<String> ids = call.list("SnapshotId");
    boolean byTag =
        call.structs("Filter").stream()
            .anyMatch(f -> f.getOrDefault("Name", "").startsWith("tag:"));
    Ec2Xml xml = Ec2Xml.response("DescribeSnapshots", requestId).start("snapshotSet");
    for (Map.Entry<String, Integer> e : snapshots.entrySet()) {
      if (byTag || (!ids.isEmpty() && !ids.contains(e.getKey()))) {
        continue;
      }
      xml.start("item")
          .leaf("snapshotId", e.getKey())
          .leaf("status", "completed")
          .leaf("volumeSize", e.getValue())
          .leaf("ownerId", OWNER_ID)
          .end();
    }
    return xml.done();
  }

  private Image image(String id) {
    if (!IMAGE_ID.matcher(id).matches()) {
      throw Ec2Fault.client("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\"").toException();
    }
    Image image = images.get(id);
    if (image == null) {
      throw Ec2Fault.client("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist")
          .toException();
    }
    return image;
  }

  // ---- helpers ----

  /** The instances with these ids; EC2 fails the whole call if one is unknown (or not visible). */
  private List<Machine> byIds(List<String> ids, Predicate<Machine> visible) {
    List<String> unknown = new ArrayList<>();
    List<Machine> found = new ArrayList<>();
    for (String id : ids) {
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw Ec2Fault.client("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"")
            .toException();
      }
      Machine m = machines.get(id);
      if (m == null || !visible.test(m)) {
        unknown.add(id);
      } else {
        found.add(m);
      }
    }
    if (!unknown.isEmpty()) {
      throw Ec2Fault.client(
              "InvalidInstanceID.NotFound",
              unknown.size() == 1
                  ? "The instance ID '" + unknown.get(0) + "' does not exist"
                  : "The instance IDs '" + String.join(", ", unknown) + "' do not exist")
          .toException();
    }
    return found;
  }

  private static String required(Ec2Call call, String name) {
    String value = call.param(name);
    if (value == null || value.isEmpty()) {
      throw missing(name);
    }
    return value;
  }

  private static RuntimeException missing(String name) {
    return Ec2Fault.client("MissingParameter", "The request must contain the parameter " + name)
        .toException();
  }

  private static RuntimeException invalid(String message) {
    return Ec2Fault.client("InvalidParameterValue", message).toException();
  }

  private static RuntimeException combination(String message) {
    return Ec2Fault.client("InvalidParameterCombination", message).toException();
  }

  static Map<String, String> form(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue; // "a=1&" or "a=1&&b=2": no parameter between the separators
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String hex(int digits) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      s.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return s.toString();
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** EC2's instance states with their codes. */
  private enum State {
    PENDING(0, "pending"),
    RUNNING(16, "running"),
    SHUTTING_DOWN(32, "shutting-down"),
    TERMINATED(48, "terminated");

    final int code;
    final String name;

    State(int code, String name) {
      this.code = code;
      this.name = name;
    }

    void write(Ec2Xml xml, String element) {
      xml.start(element).leaf("code", code).leaf("name", name).end();
    }
  }

  /** An instance as the endpoint keeps it; its state follows from the clock. */
  private final class Machine {
    final String id;
    final String reservationId;
    final String imageId;
    final String type;
    final String zone;
    final String subnetId;
    final List<String> groups;
    final String keyName;
    final String clientToken;
    final String userData;
    final Map<String, String> tags;
    final Map<String, String> volumeTags;
    final String rootDeviceName;
    final int rootSizeGiB;
    final boolean sevSnp;
    final String privateIp;
    final String publicIp;
    final long launchedAt;
    final Instant launchTime;
    final String volumeId = "vol-" + hex(17);
    final String nicId = "eni-" + hex(17);
    long terminatedAt;

    Machine(
        String id,
        String reservationId,
        String imageId,
        String type,
        String zone,
        String subnetId,
        List<String> groups,
        String keyName,
        String clientToken,
        String userData,
        Map<String, String> tags,
        Map<String, String> volumeTags,
        String rootDeviceName,
        int rootSizeGiB,
        boolean sevSnp,
        String privateIp,
        String publicIp,
        long launchedAt,
        Instant launchTime) {
      this.id = id;
      this.reservationId = reservationId;
      this.imageId = imageId;
      this.type = type;
      this.zone = zone;
      this.subnetId = subnetId;
      this.groups = List.copyOf(groups);
      this.keyName = keyName;
      this.clientToken = clientToken;
      this.userData = userData;
      this.tags = Map.copyOf(tags);
      this.volumeTags = Map.copyOf(volumeTags);
      this.rootDeviceName = rootDeviceName;
      this.rootSizeGiB = rootSizeGiB;
      this.sevSnp = sevSnp;
      this.privateIp = privateIp;
      this.publicIp = publicIp;
      this.launchedAt = launchedAt;
      this.launchTime = launchTime;
    }

    State state(long now) {
      if (terminatedAt != 0) {
        return now - terminatedAt < shuttingDownFor.toNanos()
            ? State.SHUTTING_DOWN
            : State.TERMINATED;
      }
      return now - launchedAt < pendingFor.toNanos() ? State.PENDING : State.RUNNING;
    }

    Ec2Instance snapshot(long now) {
      State state = state(now);
      return new Ec2Instance(
          id,
          imageId,
          type,
          state.name,
          privateIp,
          state == State.RUNNING ? publicIp : null,
          subnetId,
          groups,
          keyName,
          clientToken,
          userData,
          tags,
          volumeTags,
          rootDeviceName,
          rootSizeGiB,
          sevSnp);
    }

    /** One {@code instancesSet} item, with addresses and interfaces only while not terminated. */
    void write(Ec2Xml xml, long now) {
      State state = state(now);
      boolean attached = state != State.TERMINATED;
      String shownPublicIp = state == State.RUNNING ? publicIp : null;
      xml.start("item").leaf("instanceId", id).leaf("imageId", imageId);
      state.write(xml, "instanceState");
      xml.leaf(
              "privateDnsName",
              attached ? "ip-" + privateIp.replace('.', '-') + ".ec2.internal" : null)
          .leaf("keyName", keyName)
          .leaf("amiLaunchIndex", 0)
          .leaf("instanceType", type)
          .leaf("launchTime", launchTime)
          .start("placement")
          .leaf("availabilityZone", zone)
          .leaf("tenancy", "default")
          .end()
          .leaf("subnetId", attached ? subnetId : null)
          .leaf("privateIpAddress", attached ? privateIp : null)
          .leaf("ipAddress", shownPublicIp)
          .start("groupSet");
      for (String group : groups) {
        xml.start("item").leaf("groupId", group).end();
      }
      xml.end()
          .leaf("architecture", "x86_64")
          .leaf("rootDeviceType", "ebs")
          .leaf("rootDeviceName", rootDeviceName)
          .start("blockDeviceMapping");
      if (attached) {
        xml.start("item")
            .leaf("deviceName", rootDeviceName)
            .start("ebs")
            .leaf("volumeId", volumeId)
            .leaf("status", "attached")
            .leaf("deleteOnTermination", true)
            .end()
            .end();
      }
      xml.end().leaf("virtualizationType", "hvm").leaf("clientToken", clientToken).start("tagSet");
      tags.forEach((k, v) -> xml.start("item").leaf("key", k).leaf("value", v).end());
      xml.end().start("networkInterfaceSet");
      if (attached) {
        xml.start("item")
            .leaf("networkInterfaceId", nicId)
            .leaf("subnetId", subnetId)
            .leaf("ownerId", OWNER_ID)
            .leaf("status", "in-use")
            .leaf("privateIpAddress", privateIp);
        if (shownPublicIp != null) {
          xml.start("association")
              .leaf("publicIp", shownPublicIp)
              .leaf("ipOwnerId", "amazon")
              .end();
        }
        xml.start("attachment")
            .leaf("deviceIndex", 0)
            .leaf("status", "attached")
            .leaf("deleteOnTermination", true)
            .end()
            .start("privateIpAddressesSet")
            .start("item")
            .leaf("privateIpAddress", privateIp)
            .leaf("primary", true)
            .end()
            .end()
            .end();
      }
      xml.end()
          .start("cpuOptions")
          .leaf("coreCount", Ec2Catalog.TYPES.get(type).vcpus() / 2)
          .leaf("threadsPerCore", 2)
          .leaf("amdSevSnp", sevSnp ? "enabled" : null)
          .end()
          .end();
    }
  }
}
