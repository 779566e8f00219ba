package dev.osc.caa.cloud;

/** A provider call failed; the message names the call and the cloud's reason, never a secret. */
public class CloudException extends Exception {
  public CloudException(String message) {
    super(message);
  }

  public CloudException(String message, Throwable cause) {
    super(message, cause);
  }
}
