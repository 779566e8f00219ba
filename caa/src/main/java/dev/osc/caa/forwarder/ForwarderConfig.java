package dev.osc.caa.forwarder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.osc.caa.net.PodNetwork;
import dev.osc.caa.tls.ForwarderCredentials;
import dev.osc.caa.tls.TlsProfile;
import java.util.List;

/**
 * The forwarder's configuration, {@code /run/peerpod/apf.json} in the pod VM's user data, in the
 * shape of upstream's {@code forwarder.Config} (the file upstream's agent-protocol-forwarder
 * reads): {@code pod-network} (null without one, as upstream writes it), {@code pod-namespace},
 * {@code pod-name} always; the TLS fields only when set. Keys this version does not know (written
 * by a newer adaptor) are ignored. {@link #toString()} leaves the key out: it exists only in the
 * user data.
 *
 * @param tlsMinVersion the TLS profile's minimum, {@code VersionTLS12} or {@code VersionTLS13}
 * @param tlsCipherSuites the TLS profile's IANA cipher suite names (TLS 1.2 only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "pod-network",
  "pod-namespace",
  "pod-name",
  "tls-server-key",
  "tls-server-cert",
  "tls-client-ca",
  "tls-min-version",
  "tls-cipher-suites"
})
public record ForwarderConfig(
    @JsonProperty("pod-network") @JsonInclude(JsonInclude.Include.ALWAYS) PodNetwork podNetwork,
    @JsonProperty("pod-namespace") @JsonInclude(JsonInclude.Include.ALWAYS) String podNamespace,
    @JsonProperty("pod-name") @JsonInclude(JsonInclude.Include.ALWAYS) String podName,
    @JsonProperty("tls-server-key") String tlsServerKey,
    @JsonProperty("tls-server-cert") String tlsServerCert,
    @JsonProperty("tls-client-ca") String tlsClientCa,
    @JsonProperty("tls-min-version") String tlsMinVersion,
    @JsonProperty("tls-cipher-suites") List<String> tlsCipherSuites) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Indented by four spaces, as upstream's json.MarshalIndent writes it. */
  private static final ObjectWriter PRETTY =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("    ", "\n"))
              .withArrayIndenter(new DefaultIndenter("    ", "\n"))
              .withSeparators(
                  com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(
                          com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)));

  /** A pod's configuration, with TLS credentials when {@code tls} is not null. */
  public static ForwarderConfig of(String podName, String podNamespace, ForwarderCredentials tls) {
    return of(podName, podNamespace, null, tls);
  }

  /** A pod's configuration with its network, with TLS credentials when {@code tls} is set. */
  public static ForwarderConfig of(
      String podName, String podNamespace, PodNetwork network, ForwarderCredentials tls) {
    return of(podName, podNamespace, network, tls, TlsProfile.DEFAULT);
  }

  /** The same with the TLS profile the forwarder is to enforce. */
  public static ForwarderConfig of(
      String podName,
      String podNamespace,
      PodNetwork network,
      ForwarderCredentials tls,
      TlsProfile profile) {
    List<String> suites = profile.cipherSuites().isEmpty() ? null : profile.cipherSuites();
    return tls == null
        ? new ForwarderConfig(
            network, podNamespace, podName, null, null, null, profile.minVersion(), suites)
        : new ForwarderConfig(
            network,
            podNamespace,
            podName,
            tls.serverKey(),
            tls.serverCert(),
            tls.clientCa(),
            profile.minVersion(),
            suites);
  }

  /** The profile this configuration asks the forwarder to enforce. */
  public TlsProfile profile() {
    return new TlsProfile(tlsMinVersion, tlsCipherSuites);
  }

  public static ForwarderConfig fromJson(String json) {
    try {
      return JSON.readValue(json, ForwarderConfig.class);
    } catch (JsonProcessingException e) {
      // The location only: the message may quote the text, which holds a private key.
      var at = e.getLocation();
      throw new IllegalArgumentException(
          "the forwarder configuration is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  /** Compact JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON as upstream writes apf.json: indented by four spaces. */
  public String toIndentedJson() {
    try {
      return PRETTY.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether it carries all the forwarder needs to serve mutual TLS. */
  public boolean hasTls() {
    return tlsServerCert != null && tlsServerKey != null && tlsClientCa != null;
  }

  @Override
  public String toString() {
    return "ForwarderConfig[pod="
        + podNamespace
        + "/"
        + podName
        + ", tls="
        + hasTls()
        + ", network="
        + (podNetwork == null ? "none" : podNetwork.podIp())
        + "]";
  }
}
