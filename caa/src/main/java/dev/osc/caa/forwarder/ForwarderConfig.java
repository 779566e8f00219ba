package dev.osc.caa.forwarder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.caa.tls.ForwarderCredentials;

/**
 * The forwarder's configuration, {@code apf.json} in the pod VM's user data. Keys this version
 * does not know (written by a newer adaptor) are ignored. {@link #toString()} leaves the key out:
 * it exists only in the user data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForwarderConfig(
    @JsonProperty("pod-name") String podName,
    @JsonProperty("pod-namespace") String podNamespace,
    @JsonProperty("tls-server-cert") String tlsServerCert,
    @JsonProperty("tls-server-key") String tlsServerKey,
    @JsonProperty("tls-client-ca") String tlsClientCa) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A pod's configuration, with TLS credentials when {@code tls} is not null. */
  public static ForwarderConfig of(String podName, String podNamespace,
      ForwarderCredentials tls) {
    return tls == null ? new ForwarderConfig(podName, podNamespace, null, null, null)
        : new ForwarderConfig(podName, podNamespace, tls.serverCert(), tls.serverKey(),
            tls.clientCa());
  }

  public static ForwarderConfig fromJson(String json) {
    try {
      return JSON.readValue(json, ForwarderConfig.class);
    } catch (JsonProcessingException e) {
      // The location only: the message may quote the text, which holds a private key.
      var at = e.getLocation();
      throw new IllegalArgumentException("the forwarder configuration is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
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
    return "ForwarderConfig[pod=" + podNamespace + "/" + podName + ", tls=" + hasTls() + "]";
  }
}
