package dev.osc.caa.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.api.peerpods.PeerPodsKeys;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The pull side of the OCI distribution API (registry v2) over HTTPS: manifests and blobs. On a
 * {@code 401} it answers the registry's challenge: {@code Bearer realm=...,service=...,scope=...}
 * gets a token from the realm (anonymously, or with the credentials of auth.json as Basic auth),
 * {@code Basic} gets the credentials themselves. Redirects (blob storage) are followed by hand so
 * that the registry's authorization never goes to another host.
 */
final class RegistryClient {
  static final String ACCEPT_MANIFESTS =
      String.join(
          ", ", Media.OCI_INDEX, Media.OCI_MANIFEST, Media.DOCKER_LIST, Media.DOCKER_MANIFEST);

  /** containerd's limit too: a manifest is small, anything bigger is not one. */
  static final int MAX_MANIFEST = 4 << 20;

  private static final int MAX_REDIRECTS = 5;
  private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response body with its content type. */
  record Fetched(String mediaType, byte[] body) {}

  private final HttpClient http;
  private final String registry;
  private final String repository;

  /** base64 user:password from auth.json, or null for anonymous pulls. */
  private final String basic;

  /** The Authorization header the registry accepted ("Bearer t" or "Basic b"), once known. */
  private String authorization;

  RegistryClient(SSLContext tls, String registry, String repository, String basic) {
    this.http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.registry = registry;
    this.repository = repository;
    this.basic = basic;
  }

  Fetched manifest(String reference) throws IOException {
    HttpResponse<InputStream> r = get("/manifests/" + reference, ACCEPT_MANIFESTS);
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(MAX_MANIFEST + 1);
      if (body.length > MAX_MANIFEST) {
        throw new IOException(
            "the manifest of " + reference + " is over " + MAX_MANIFEST + " bytes");
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
    HttpResponse<InputStream> r = send(uri, accept, authorization);
    if (r.statusCode() == 401 && authorization == null) {
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
      r.body().close();
      authorization = answer(challenge);
      r = send(uri, accept, authorization);
    }
    for (int hops = 0; isRedirect(r.statusCode()) && hops < MAX_REDIRECTS; hops++) {
      URI next =
          uri.resolve(
              r.headers()
                  .firstValue("Location")
                  .orElseThrow(
                      () ->
                          new IOException("registry " + registry + ": redirect without Location")));
      r.body().close();
      // Authorization is the registry's: storage behind a redirect gets a signed URL instead.
      r = send(next, accept, next.getAuthority().equals(uri.getAuthority()) ? authorization : null);
      uri = next;
    }
    if (r.statusCode() != 200) {
      String detail = errorDetail(r);
      throw new IOException(
          "registry "
              + registry
              + " answered "
              + r.statusCode()
              + " for "
              + repository
              + path
              + (detail.isEmpty() ? "" : ": " + detail)
              + (r.statusCode() == 401 || r.statusCode() == 403 ? needCredentials() : ""));
    }
    return r;
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String authorization)
      throws IOException {
    // Until the response headers: a registry that never answers fails the pull, not hangs it.
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).header("Accept", accept).timeout(RESPONSE_TIMEOUT).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      return http.send(
          b.build(), (BodyHandler<InputStream>) HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to " + uri.getHost(), e);
    } catch (IOException e) {
      throw new IOException("registry " + uri.getAuthority() + ": " + e.getMessage(), e);
    }
  }

  /** The Authorization header that answers the registry's challenge. */
  private String answer(String challenge) throws IOException {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5) && basic != null) {
      return "Basic " + basic;
    }
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new IOException(
          "registry "
              + registry
              + " asks for credentials ("
              + (challenge.isEmpty() ? "401 without a challenge" : challenge.split(" ", 2)[0])
              + ")"
              + needCredentials());
    }
    return "Bearer " + token(challenge);
  }

  private String needCredentials() {
    return basic != null
        ? "; the credentials for " + registry + " in auth.json were refused"
        : "; no credentials for "
            + registry
            + ": put them in the auth.json of Secret "
            + PeerPodsKeys.AUTH_JSON_SECRET;
  }

  /** A token for pulling this repository, from the challenge's realm. */
  private String token(String challenge) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || !realm.startsWith("https://")) {
      throw new IOException(
          "registry " + registry + ": token realm '" + realm + "' is not an https URL");
    }
    StringBuilder q = new StringBuilder();
    if (params.containsKey("service")) {
      q.append("service=").append(encode(params.get("service")));
    }
    q.append(q.isEmpty() ? "" : "&")
        .append("scope=")
        .append(encode("repository:" + repository + ":pull"));
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
    HttpResponse<InputStream> r =
        send(uri, "application/json", basic == null ? null : "Basic " + basic);
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(1 << 20);
      if (r.statusCode() != 200) {
        throw new IOException(
            "registry "
                + registry
                + ": token endpoint "
                + uri.getHost()
                + " answered "
                + r.statusCode()
                + (r.statusCode() == 401 || r.statusCode() == 403 ? needCredentials() : ""));
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
      return e.isMissingNode()
          ? ""
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
