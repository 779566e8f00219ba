package dev.osc.webhook;

/**
 * The request cannot be admitted or refused because it cannot be understood: not an
 * AdmissionReview, or an object the API server could not have sent. Answered with HTTP 400 and this
 * message, which names what is wrong; it quotes at most a field name or a short value.
 */
public final class BadAdmissionRequest extends RuntimeException {
  public BadAdmissionRequest(String message) {
    super(message, null, false, false);
  }
}
