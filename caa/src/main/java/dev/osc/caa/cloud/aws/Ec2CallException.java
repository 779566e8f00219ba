package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.CloudException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An EC2 (or S3) call that failed, with EC2's error code (e.g. {@code
 * InsufficientInstanceCapacity}) when EC2 answered, or null when it could not be reached. The
 * message names the call, the code and EC2's message; the SDK never puts credentials into either.
 */
final class Ec2CallException extends CloudException {
  private final String code;
  private final int status;

  private Ec2CallException(String message, String code, int status, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.status = status;
  }

  /** EC2's error code, or null when the call did not get an answer. */
  String code() {
    return code;
  }

  /**
   * EC2's HTTP status; {@link #UNANSWERED} when the connection failed, {@link #NOT_SENT} when the
   * SDK failed before or after the exchange.
   */
  int status() {
    return status;
  }

  static final int UNANSWERED = 0;
  static final int NOT_SENT = -1;

  /** No call slot came free in time: nothing was sent. */
  static Ec2CallException noSlot(String operation, int slots, Duration budget) {
    return new Ec2CallException(
        "EC2 "
            + operation
            + " not sent: all "
            + slots
            + " call slots (AWS_MAX_CONCURRENT_CALLS) stayed busy for "
            + budget.toSeconds()
            + "s",
        null,
        NOT_SENT,
        null);
  }

  /** Interrupted while waiting for a slot or a retry: nothing more is sent. */
  static Ec2CallException interrupted(String operation, InterruptedException e) {
    return new Ec2CallException(
        "EC2 " + operation + ": interrupted while waiting to retry", null, NOT_SENT, e);
  }

  /** This failure as the last of {@code attempts}: the retry budget is spent. */
  Ec2CallException givingUp(int attempts, Duration budget) {
    return new Ec2CallException(
        getMessage()
            + "; gave up after "
            + attempts
            + " attempts in the "
            + budget.toSeconds()
            + "s retry budget",
        code,
        status,
        this);
  }

  /** Runs one EC2 call once, turning the SDK's failure into this exception. */
  static <T> T call(String operation, Supplier<T> call) throws Ec2CallException {
    return call("EC2", operation, call);
  }

  /** Runs one call of an AWS service ("EC2", "S3"), turning the SDK's failure into this. */
  static <T> T call(String service, String operation, Supplier<T> call) throws Ec2CallException {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message =
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      throw new Ec2CallException(
          service
              + " "
              + operation
              + " failed: "
              + code
              + ": "
              + message
              + " (HTTP "
              + e.statusCode()
              + ", request "
              + e.requestId()
              + ")",
          code,
          e.statusCode(),
          e);
    } catch (SdkException e) {
      throw new Ec2CallException(
          service + " " + operation + " failed: " + e.getMessage(),
          null,
          hasCause(e, IOException.class) ? UNANSWERED : NOT_SENT,
          e);
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
