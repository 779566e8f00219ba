package dev.osc.testkit.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * moto's server (scripts/moto.sh) with what it does not implement filled in, on loopback HTTP in
 * front of it. Everything is passed to moto as it comes (S3, and EC2's calls moto has), except:
 *
 * <ul>
 *   <li>{@code ImportSnapshot} and {@code DescribeImportSnapshotTasks}, which moto 5.2.6 does not
 *       have. They behave as EC2's: the call answers at once with a task {@code import-snap-<17
 *       hex>} in status {@code active} ({@code pending}); the task stays {@code active} for {@link
 *       #activePolls} descriptions, then reads the object from moto's S3 and ends {@code completed}
 *       with a new snapshot (made in moto by CreateVolume + CreateSnapshot, so every later call
 *       finds it) of the disk's size rounded up to GiB, or {@code deleted} with EC2's {@code
 *       ClientError: Disk validation failed [Unsupported specified file format]} when the object is
 *       a qcow2 image given as {@code RAW}, or a message saying the object is not there. An unknown
 *       task id is {@code InvalidConversionTaskId.Malformed}, as on EC2.
 *   <li>{@code RegisterImage}: moto 5.2.6 keeps only Name and Description. The fill checks what EC2
 *       checks that moto does not (the root mapping's snapshot exists: {@code
 *       InvalidSnapshot.NotFound}; BootMode and VirtualizationType are known values), records the
 *       call ({@link #calls}) so tests see what was asked, and passes it to moto.
 * </ul>
 *
 * Tests isolate themselves by the access key id (moto's account id); the fill calls moto as the
 * caller's account. It records the SHA-256 of each imported object ({@link #importedDigests}).
 */
public final class MotoFill implements AutoCloseable {
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]+/([a-z0-9-]+)/");
  private static final Set<String> BOOT_MODES = Set.of("legacy-bios", "uefi", "uefi-preferred");
  private static final Set<String> VIRTUALIZATION = Set.of("hvm", "paravirtual");
  private static final Set<String> FORMATS = Set.of("RAW", "VHD", "VMDK");
  private static final long GIB = 1L << 30;
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient moto;
  private final URI motoEndpoint;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final List<Ec2Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> importedDigests = new CopyOnWriteArrayList<>();
  private volatile int activePolls = 2;

  private static final class Task {
    final String id;
    final String description;
    final String format;
    final String bucket;
    final String key;
    final String accessKey;
    int polls;
    String status = "active";
    String message = "pending";
    String snapshotId;
    long size;

    Task(String id, Map<String, String> p, String accessKey) {
      this.id = id;
      this.description = p.get("Description");
      this.format = p.get("DiskContainer.Format");
      this.bucket = p.get("DiskContainer.UserBucket.S3Bucket");
      this.key = p.get("DiskContainer.UserBucket.S3Key");
      this.accessKey = accessKey;
    }
  }

  private MotoFill(URI motoEndpoint, SSLContext trust) throws IOException {
    this.motoEndpoint = motoEndpoint;
    this.moto =
        HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** In front of moto at {@code endpoint}, trusting its certificate {@code caPem}. */
  public static MotoFill start(URI endpoint, Path caPem) throws IOException {
    try (InputStream in = Files.newInputStream(caPem)) {
      X509Certificate ca =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("moto", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return new MotoFill(endpoint, tls);
    } catch (GeneralSecurityException e) {
      throw new IOException("moto's certificate " + caPem + ": " + e.getMessage(), e);
    }
  }

  /** The endpoint to give the SDK (AWS_ENDPOINT_URL). */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many DescribeImportSnapshotTasks see a task active before it ends. */
  public MotoFill activePolls(int n) {
    activePolls = n;
    return this;
  }

  /** The filled calls (ImportSnapshot, DescribeImportSnapshotTasks, RegisterImage) in order. */
  public List<Ec2Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  /** "sha256:<hex>" of each object an import read, in order. */
  public List<String> importedDigests() {
    return List.copyOf(importedDigests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String accessKey = accessKey(ex.getRequestHeaders().getFirst("Authorization"));
      Map<String, String> params =
          isEc2(ex) ? Ec2Endpoint.form(new String(body, StandardCharsets.UTF_8)) : Map.of();
      String action = params.getOrDefault("Action", "");
      try {
        switch (action) {
          case "ImportSnapshot" -> {
            record(action, params, accessKey);
            reply(ex, 200, importSnapshot(params, accessKey));
            return;
          }
          case "DescribeImportSnapshotTasks" -> {
            record(action, params, accessKey);
            reply(ex, 200, describeTasks(params));
            return;
          }
          case "RegisterImage" -> {
            record(action, params, accessKey);
            checkRegister(params, accessKey);
          }
          default -> {}
        }
      } catch (Fault f) {
        reply(ex, 400, Ec2Xml.error(f.code, f.getMessage(), UUID.randomUUID().toString()));
        return;
      }
      forward(ex, body);
    }
  }

  private static boolean isEc2(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    return "POST".equals(ex.getRequestMethod())
        && "/".equals(ex.getRequestURI().getPath())
        && type != null
        && type.startsWith("application/x-www-form-urlencoded");
  }

  private void record(String action, Map<String, String> params, String accessKey) {
    calls.add(new Ec2Call(action, params, accessKey.substring(0, accessKey.indexOf('/'))));
  }

  private String importSnapshot(Map<String, String> p, String accessKey) {
    String format = p.getOrDefault("DiskContainer.Format", "").toUpperCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new Fault("InvalidParameter", "Invalid disk container format: " + format);
    }
    if (p.get("DiskContainer.UserBucket.S3Bucket") == null
        || p.get("DiskContainer.UserBucket.S3Key") == null) {
      throw new Fault("InvalidParameter", "DiskContainer needs a UserBucket or a Url");
    }
    String id = "import-snap-" + hex(17);
    Task task = new Task(id, p, accessKey);
    tasks.put(id, task);
    Ec2Xml xml =
        Ec2Xml.response("ImportSnapshot", UUID.randomUUID().toString())
            .leaf("importTaskId", id)
            .leaf("description", task.description);
    return detail(xml, task).done();
  }

  private String describeTasks(Map<String, String> p) {
    List<String> ids = Ec2Call.list(p, "ImportTaskId");
    Ec2Xml xml =
        Ec2Xml.response("DescribeImportSnapshotTasks", UUID.randomUUID().toString())
            .start("importSnapshotTaskSet");
    for (String id : ids) {
      Task task = tasks.get(id);
      if (task == null) {
        throw new Fault("InvalidConversionTaskId.Malformed", "Invalid id: \"" + id + "\"");
      }
      synchronized (task) {
        if (task.status.equals("active") && ++task.polls > activePolls) {
          finish(task);
        }
      }
      detail(xml.start("item").leaf("importTaskId", id).leaf("description", task.description), task)
          .end();
    }
    return xml.done();
  }

  private static Ec2Xml detail(Ec2Xml xml, Task t) {
    return xml.start("snapshotTaskDetail")
        .leaf("diskImageSize", (double) t.size)
        .leaf("format", t.format)
        .leaf(
            "progress",
            t.status.equals("active") ? String.valueOf(Math.min(99, 20 * t.polls)) : null)
        .leaf("snapshotId", t.snapshotId)
        .leaf("status", t.status)
        .leaf("statusMessage", t.status.equals("completed") ? null : t.message)
        .start("userBucket")
        .leaf("s3Bucket", t.bucket)
        .leaf("s3Key", t.key)
        .end()
        .end();
  }

  /** Reads the disk from moto's S3 and makes its snapshot in moto, as EC2's import would. */
  private void finish(Task t) {
    try {
      HttpResponse<byte[]> object =
          moto.send(
              motoRequest(t.accessKey, "/" + t.bucket + "/" + t.key, "s3").GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (object.statusCode() != 200) {
        t.status = "deleted";
        t.message =
            "ClientError: The given S3 object s3://" + t.bucket + "/" + t.key + " is not readable";
        return;
      }
      byte[] disk = object.body();
      boolean qcow2 =
          disk.length >= 4
              && (disk[0] & 0xff) == 'Q'
              && (disk[1] & 0xff) == 'F'
              && (disk[2] & 0xff) == 'I'
              && (disk[3] & 0xff) == 0xfb;
      if (disk.length == 0 || (qcow2 && t.format.equals("RAW"))) {
        t.status = "deleted";
        t.message = "ClientError: Disk validation failed [Unsupported specified file format]";
        return;
      }
      importedDigests.add(
          "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(disk)));
      t.size = disk.length;
      long gib = Math.max(1, (disk.length + GIB - 1) / GIB);
      String volume =
          ec2(
              t.accessKey,
              "Action=CreateVolume&Size=" + gib + "&AvailabilityZone=" + region(t) + "a",
              "volumeId");
      t.snapshotId =
          ec2(
              t.accessKey,
              "Action=CreateSnapshot&VolumeId=" + volume + "&Description=" + t.id,
              "snapshotId");
      ec2(t.accessKey, "Action=DeleteVolume&VolumeId=" + volume, null);
      t.status = "completed";
      t.message = null;
    } catch (IOException | GeneralSecurityException e) {
      t.status = "deleted";
      t.message = "ServerError: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      t.status = "deleted";
      t.message = "ServerError: interrupted";
    }
  }

  private static String region(Task t) {
    return t.accessKey.substring(t.accessKey.indexOf('/') + 1);
  }

  private void checkRegister(Map<String, String> p, String accessKey) {
    String boot = p.get("BootMode");
    if (boot != null && !BOOT_MODES.contains(boot)) {
      throw new Fault("InvalidParameterValue", "Invalid boot mode: " + boot);
    }
    String virt = p.get("VirtualizationType");
    if (virt != null && !VIRTUALIZATION.contains(virt)) {
      throw new Fault("InvalidParameterValue", "Invalid virtualization type: " + virt);
    }
    for (Map<String, String> m :
        new Ec2Call("RegisterImage", p, accessKey).structs("BlockDeviceMapping")) {
      String snapshot = m.get("Ebs.SnapshotId");
      if (snapshot == null) {
        continue;
      }
      try {
        ec2(accessKey, "Action=DescribeSnapshots&SnapshotId.1=" + snapshot, null);
      } catch (IOException e) {
        throw new Fault(
            "InvalidSnapshot.NotFound", "The snapshot '" + snapshot + "' does not exist.");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Fault("InternalError", "interrupted");
      }
    }
  }

  /** One EC2 call to moto as {@code accessKey}'s account; the text of {@code element}. */
  private String ec2(String accessKey, String form, String element)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        moto.send(
            motoRequest(accessKey, "/", "ec2")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2016-11-15"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("moto " + form + ": HTTP " + r.statusCode() + " " + r.body());
    }
    if (element == null) {
      return null;
    }
    Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(r.body());
    if (!m.find()) {
      throw new IOException("moto " + form + ": no " + element + " in " + r.body());
    }
    return m.group(1);
  }

  /** moto takes the account from the access key id of the Authorization header; no signature. */
  private HttpRequest.Builder motoRequest(String accessKey, String path, String service) {
    String[] keyAndRegion = accessKey.split("/", 2);
    return HttpRequest.newBuilder(motoEndpoint.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential="
                + keyAndRegion[0]
                + "/20260101/"
                + keyAndRegion[1]
                + "/"
                + service
                + "/aws4_request, SignedHeaders=host, Signature=0");
  }

  private void forward(HttpExchange ex, byte[] body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(motoEndpoint.resolve(ex.getRequestURI().toString()))
            .timeout(Duration.ofMinutes(5))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    HttpResponse<byte[]> r;
    try {
      r = moto.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    r.headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                ex.getResponseHeaders().put(name, values);
              }
            });
    boolean noBody =
        "HEAD".equals(ex.getRequestMethod()) || r.statusCode() == 204 || r.body().length == 0;
    ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : r.body().length);
    if (!noBody) {
      ex.getResponseBody().write(r.body());
    }
  }

  private static void reply(HttpExchange ex, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /**
   * "access key id/region" of the caller's SigV4 credential scope: moto keeps resources per account
   * (the access key id) and region.
   */
  private static String accessKey(String authorization) {
    Matcher m = CREDENTIAL.matcher(authorization == null ? "" : authorization);
    return m.find() ? m.group(1) + "/" + m.group(2) : "AKIAIOSFODNN7EXAMPLE/us-east-1";
  }

  private static String hex(int digits) {
    byte[] b = new byte[(digits + 1) / 2];
    new java.security.SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b).substring(0, digits);
  }

  private static final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    Fault(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
