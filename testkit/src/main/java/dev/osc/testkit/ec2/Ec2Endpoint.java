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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2's image API on loopback, for the pod VM image's AMI ({@code AwsImages}), where {@link Moto}
 * falls short: moto 5.2 registers any image at once (never {@code pending}), with a fixed 15 GiB
 * root, and checks neither the snapshot nor the name. The real AWS SDK talks to it through an
 * endpoint override: the query protocol (form-encoded POST, {@code Action} and flattened {@code
 * Name.N.Field} parameters) in, EC2's XML out. The instance API is tested against moto ({@link
 * Ec2FaultProxy}).
 *
 * <p>EC2 behaviours it mirrors:
 *
 * <ul>
 *   <li>Responses in the {@code 2016-11-15} namespace with a {@code requestId}; errors as {@code
 *       <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>} with a 4xx or 5xx
 *       status, so the SDK raises its exception with EC2's error code.
 *   <li>Unsigned requests fail with {@code AuthFailure}; the SigV4 access key is recorded.
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
 * <p>For tests it records every call ({@link #calls}).
 */
public final class Ec2Endpoint implements AutoCloseable {
  private static final String OWNER_ID = "123456789012";

  private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{8,17}");
  private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{8,17}");
  private static final Pattern AMI_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");
  private static final Pattern SIGV4_SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/");

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Ec2Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Image> images = new ConcurrentHashMap<>();
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

  /** The calls of one action, in order. */
  public List<Ec2Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
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
      body = respond(call, requestId);
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

  private String respond(Ec2Call call, String requestId) {
    if (call.accessKeyId() == null) {
      throw new Ec2Fault(
              401,
              "AuthFailure",
              "AWS was not able to validate the provided access credentials",
              false)
          .toException();
    }
    return switch (call.action()) {
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
  }

  // ---- Images ----

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
}
