package dev.osc.caa.image.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.osc.tls.CertificateAuthority;
import dev.osc.tls.Leaf;
import dev.osc.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A container registry on loopback HTTPS, for pulling tests. It answers as the distribution API
 * (registry v2) does for what a pull uses: manifests by tag or digest with their content type,
 * blobs by digest, {@code {"errors":[{"code","message"}]}} bodies on 404, and, when asked, the
 * anonymous bearer-token handshake of quay.io and Docker Hub (401 with a {@code WWW-Authenticate:
 * Bearer realm,service,scope} challenge, token from the realm). Blobs are served through a 307
 * redirect to a signed URL on another host (here another port), as registries backed by object
 * storage do.
 */
public final class FakeRegistry implements AutoCloseable {
  static final String TOKEN = "anonymous-pull-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpsServer server;

  /** Blob storage on its own port, as object storage is another host. */
  private final HttpsServer storage;

  private final SSLContext clientTls;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  /** repository + "|" + tag or digest -> manifest. */
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();

  final List<String> tokenScopes = new CopyOnWriteArrayList<>();
  final List<String> storageRequests = new CopyOnWriteArrayList<>();
  private volatile boolean tokenAuth;

  /** "Basic <base64 user:password>" the token endpoint (or, with basicAuth, the API) wants. */
  private volatile String credentials;

  private volatile boolean basicAuth;

  private record Manifest(String mediaType, byte[] body) {}

  /** One layer: paths to contents (a String is UTF-8; whiteouts are named .wh.<name>). */
  public static Map<String, byte[]> layer(Object... pathsAndContents) {
    Map<String, byte[]> layer = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Object content = pathsAndContents[i + 1];
      layer.put(
          (String) pathsAndContents[i],
          content instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) content);
    }
    return layer;
  }

  public FakeRegistry() throws IOException, GeneralSecurityException {
    CertificateAuthority ca = CertificateAuthority.create("CN=test-ca");
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(
            TlsContexts.of(ca.issue(Leaf.server("localhost")), ca.certificate())));
    clientTls = TlsContexts.of(ca.issue(Leaf.client("puller")), ca.certificate());
    server.createContext("/", this::handle);
    server.start();
    storage = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    storage.setHttpsConfigurator(server.getHttpsConfigurator());
    storage.createContext("/", this::store);
    storage.start();
  }

  /** localhost:port, as an image name's registry part. */
  public String host() {
    return "localhost:" + server.getAddress().getPort();
  }

  /** A TLS context trusting this registry's certificate. */
  public SSLContext clientTls() {
    return clientTls;
  }

  void requireToken() {
    tokenAuth = true;
  }

  /** A private repository: tokens only for these credentials. */
  void requireToken(String user, String password) {
    tokenAuth = true;
    credentials = basic(user, password);
  }

  /** A registry that takes Basic auth on every API request (no token service). */
  void requireBasic(String user, String password) {
    basicAuth = true;
    credentials = basic(user, password);
  }

  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Pushes a single-platform image of gzip tar layers (bottom first); returns its digest. */
  public String push(String repository, String tag, List<Map<String, byte[]>> layers) {
    return push(repository, tag, layers, true);
  }

  /** The same with uncompressed tar layers. */
  String pushUncompressed(String repository, String tag, List<Map<String, byte[]>> layers) {
    return push(repository, tag, layers, false);
  }

  private String push(
      String repository, String tag, List<Map<String, byte[]>> layers, boolean gzip) {
    String digest = putManifest(repository, Media.OCI_MANIFEST, manifestOf(layers, gzip));
    manifests.put(repository + "|" + tag, manifests.get(repository + "|" + digest));
    return digest;
  }

  /** Pushes an index whose platforms are each an image of one layer. */
  public void pushIndex(String repository, String tag, Map<String, Map<String, byte[]>> byArch) {
    List<Object> entries = new ArrayList<>();
    for (var e : byArch.entrySet()) {
      byte[] manifest = manifestOf(List.of(e.getValue()), true);
      String digest = putManifest(repository, Media.OCI_MANIFEST, manifest);
      entries.add(
          Map.of(
              "mediaType",
              Media.OCI_MANIFEST,
              "digest",
              digest,
              "size",
              manifest.length,
              "platform",
              Map.of("os", "linux", "architecture", e.getKey())));
    }
    byte[] index =
        json(Map.of("schemaVersion", 2, "mediaType", Media.OCI_INDEX, "manifests", entries));
    putManifest(repository, Media.OCI_INDEX, index);
    manifests.put(repository + "|" + tag, new Manifest(Media.OCI_INDEX, index));
  }

  /** Replaces the stored bytes of a blob, keeping its digest (a corrupt store). */
  void corrupt(String digest) {
    byte[] b = blobs.get(digest).clone();
    b[b.length / 2] ^= 0x55;
    blobs.put(digest, b);
  }

  /** The digests of the layers of a pushed tag, bottom first. */
  List<String> layers(String repository, String tag) throws IOException {
    List<String> digests = new ArrayList<>();
    JSON.readTree(manifests.get(repository + "|" + tag).body())
        .path("layers")
        .forEach(l -> digests.add(l.path("digest").asText()));
    return digests;
  }

  private byte[] manifestOf(List<Map<String, byte[]>> layers, boolean gzip) {
    byte[] config = json(Map.of("architecture", "amd64", "os", "linux"));
    String configDigest = put(config);
    List<Object> layerEntries = new ArrayList<>();
    for (Map<String, byte[]> files : layers) {
      byte[] blob = tar(files, gzip);
      layerEntries.add(
          Map.of(
              "mediaType",
              gzip ? Media.OCI_LAYER_GZIP : Media.OCI_LAYER,
              "digest",
              put(blob),
              "size",
              blob.length));
    }
    return json(
        Map.of(
            "schemaVersion",
            2,
            "mediaType",
            Media.OCI_MANIFEST,
            "config",
            Map.of(
                "mediaType",
                "application/vnd.oci.image.config.v1+json",
                "digest",
                configDigest,
                "size",
                config.length),
            "layers",
            layerEntries));
  }

  private String putManifest(String repository, String type, byte[] body) {
    String digest = digest(body);
    manifests.put(repository + "|" + digest, new Manifest(type, body));
    return digest;
  }

  private String put(byte[] blob) {
    String digest = digest(blob);
    blobs.put(digest, blob);
    return digest;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try (ex) {
      String given = ex.getRequestHeaders().getFirst("Authorization");
      if (path.equals("/token")) {
        if (credentials != null && !credentials.equals(given)) {
          error(ex, 401, "UNAUTHORIZED", "access to the requested resource is not authorized");
          return;
        }
        String query = ex.getRequestURI().getQuery();
        tokenScopes.add(query);
        send(ex, 200, "application/json", json(Map.of("token", TOKEN)));
        return;
      }
      if (basicAuth && !credentials.equals(given)) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake-registry\"");
        error(ex, 401, "UNAUTHORIZED", "authentication required");
        return;
      }
      if (tokenAuth && !("Bearer " + TOKEN).equals(given)) {
        ex.getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Bearer realm=\"https://"
                    + host()
                    + "/token\",service=\"fake-registry\",scope=\"repository:x:pull\"");
        error(ex, 401, "UNAUTHORIZED", "authentication required");
        return;
      }
      int manifestsAt = path.indexOf("/manifests/");
      int blobsAt = path.indexOf("/blobs/");
      if (path.startsWith("/v2/") && manifestsAt > 0) {
        String repository = path.substring(4, manifestsAt);
        Manifest m =
            manifests.get(repository + "|" + path.substring(manifestsAt + "/manifests/".length()));
        if (m == null) {
          error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
          return;
        }
        send(ex, 200, m.mediaType(), m.body());
      } else if (path.startsWith("/v2/") && blobsAt > 0) {
        String digest = path.substring(blobsAt + "/blobs/".length());
        if (!blobs.containsKey(digest)) {
          error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
          return;
        }
        ex.getResponseHeaders()
            .add(
                "Location",
                "https://localhost:"
                    + storage.getAddress().getPort()
                    + "/blobs/"
                    + digest
                    + "?signature=fake");
        send(ex, 307, "text/plain", new byte[0]);
      } else {
        error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry");
      }
    }
  }

  /** Signed storage URLs: real object stores refuse a request that also has a bearer token. */
  private void store(HttpExchange ex) throws IOException {
    try (ex) {
      storageRequests.add(ex.getRequestURI().getPath());
      if (ex.getRequestHeaders().containsKey("Authorization")) {
        send(ex, 400, "text/plain", "unexpected Authorization".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] blob = blobs.get(ex.getRequestURI().getPath().substring("/blobs/".length()));
      send(
          ex,
          blob == null ? 404 : 200,
          "application/octet-stream",
          blob == null ? new byte[0] : blob);
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    send(
        ex,
        status,
        "application/json",
        json(Map.of("errors", List.of(Map.of("code", code, "message", message)))));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  private static byte[] tar(Map<String, byte[]> files, boolean gzip) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = gzip ? new GZIPOutputStream(bytes) : bytes;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String digest(byte[] body) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    storage.stop(0);
  }
}
