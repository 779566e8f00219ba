package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.CloudException;
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

  private Ec2CallException(String message, String code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** EC2's error code, or null when the call did not get an answer. */
  String code() {
    return code;
  }

  /** Runs one EC2 call, turning the SDK's failure into this exception. */
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
          e);
    } catch (SdkException e) {
      throw new Ec2CallException(service + " " + operation + " failed: " + e.getMessage(), null, e);
    }
  }
}
