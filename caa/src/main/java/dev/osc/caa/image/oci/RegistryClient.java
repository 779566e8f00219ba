package dev.osc.caa.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The pull side of the OCI distribution API (registry v2) over HTTPS: manifests and blobs, with
 * the anonymous bearer-token handshake public registries such as quay.io and Docker Hub ask for
 * ({@code 401} + {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}). Redirects
 * (blob storage) are followed by hand so the registry's token never goes to another host.
 */
final class RegistryClient {
  static final String ACCEPT_MANIFESTS = String.join(", ",
      Media.OCI_INDEX, Media.OCI_MANIFEST, Media.DOCKER_LIST, Media.DOCKER_MANIFEST);
  /** containerd's limit too: a manifest is small, anything bigger is not one. */
  static final int MAX_MANIFEST = 4 << 20;
  private static final int MAX_REDIRECTS = 5;
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response body with its content type. */
  record Fetched(String mediaType, byte[] body) {}

  private final HttpClient http;
  private final String registry;
  private final String repository;
  private String token;

  RegistryClient(SSLContext tls, String registry, String repository) {
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.registry = registry;
    this.repository = repository;
  }

  Fetched manifest(String reference) throws IOException {
    HttpResponse<InputStream> r = get("/manifests/" + reference, ACCEPT_MANIFESTS);
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(MAX_MANIFEST + 1);
      if (body.length > MAX_MANIFEST) {
        throw new IOException("the manifest of " + reference + " is over " + MAX_MANIFEST
            + " bytes");
      }
      String type = r.headers().firstValue("Content-Type").orElse("");
      int semicolon = type.indexOf(';');
      return new Fetched((semicolon < 0 ? type : type.substring(0, semicolon)).trim(), body);
    }
  }

  /** The blob's bytes as they stream in; the caller checks the digest. */
  InputStream blob(String digest) throws IOException {
    return get("/blobs/" + digest, "*/*").body();
  }

  private HttpResponse<InputStream> get(String path, String accept) throws IOException {
    URI uri = URI.create("https://" + registry + "/v2/" + repository + path);
    HttpResponse<InputStream> r = send(uri, accept, token);
    if (r.statusCode() == 401 && token == null) {
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
      r.body().close();
      token = token(challenge);
      r = send(uri, accept, token);
    }
    for (int hops = 0; isRedirect(r.statusCode()) && hops < MAX_REDIRECTS; hops++) {
      URI next = uri.resolve(r.headers().firstValue("Location").orElseThrow(
          () -> new IOException("registry " + registry + ": redirect without Location")));
      r.body().close();
      // The token is the registry's: storage behind a redirect gets a signed URL instead.
      r = send(next, accept, next.getAuthority().equals(uri.getAuthority()) ? token : null);
      uri = next;
    }
    if (r.statusCode() != 200) {
      String detail = errorDetail(r);
      throw new IOException("registry " + registry + " answered " + r.statusCode() + " for "
          + repository + path + (detail.isEmpty() ? "" : ": " + detail));
    }
    return r;
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String bearer)
      throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", accept).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      return http.send(b.build(), (BodyHandler<InputStream>) HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to " + uri.getHost(), e);
    } catch (IOException e) {
      throw new IOException("registry " + uri.getAuthority() + ": " + e.getMessage(), e);
    }
  }

  /** Anonymous token for pulling this repository, from the challenge's realm. */
  private String token(String challenge) throws IOException {
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new IOException("registry " + registry + " asks for credentials ("
          + (challenge.isEmpty() ? "401 without a challenge" : challenge.split(" ")[0])
          + "); osc pulls pod VM images anonymously: use a public image");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || !realm.startsWith("https://")) {
      throw new IOException("registry " + registry + ": token realm '" + realm
          + "' is not an https URL");
    }
    StringBuilder q = new StringBuilder();
    if (params.containsKey("service")) {
      q.append("service=").append(encode(params.get("service")));
    }
    q.append(q.isEmpty() ? "" : "&").append("scope=")
        .append(encode("repository:" + repository + ":pull"));
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
    HttpResponse<InputStream> r = send(uri, "application/json", null);
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(1 << 20);
      if (r.statusCode() != 200) {
        throw new IOException("registry " + registry + ": token endpoint " + uri.getHost()
            + " answered " + r.statusCode());
      }
      JsonNode json = JSON.readTree(body);
      String t = json.path("token").asText(json.path("access_token").asText(""));
      if (t.isEmpty()) {
        throw new IOException("registry " + registry + ": token endpoint gave no token");
      }
      return t;
    }
  }

  /** The first error of a registry's JSON error body: "CODE: message". */
  private static String errorDetail(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      JsonNode e = JSON.readTree(in.readNBytes(64 << 10)).path("errors").path(0);
      return e.isMissingNode() ? ""
          : (e.path("code").asText() + ": " + e.path("message").asText()).trim();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
