package dev.osc.testkit.ec2;

/**
 * An EC2 error as the query protocol reports it: an HTTP status and an error code the SDK maps to
 * its exception. Injected with {@link Ec2FaultProxy#failNext(String, int, Ec2Fault)} and {@link
 * Ec2FaultProxy#throttle}.
 *
 * @param afterEffect the call takes effect before the error is returned (a response lost on the way
 *     back), so the client cannot tell whether it did
 */
public record Ec2Fault(int status, String code, String message, boolean afterEffect) {
  /** A client error (HTTP 400) that EC2 returns before doing anything. */
  public static Ec2Fault client(String code, String message) {
    return new Ec2Fault(400, code, message, false);
  }

  /** EC2 has no capacity for the type in the zone: a server error (500) the SDK retries. */
  public static Ec2Fault insufficientCapacity(String instanceType) {
    return new Ec2Fault(
        500,
        "InsufficientInstanceCapacity",
        "We currently do not have sufficient "
            + instanceType
            + " capacity in the Availability Zone you requested.",
        false);
  }

  /**
   * The account's API request rate is exceeded: EC2 answers HTTP 503 with this code, and the client
   * is to retry with backoff.
   */
  public static Ec2Fault requestLimitExceeded() {
    return new Ec2Fault(503, "RequestLimitExceeded", "Request limit exceeded.", false);
  }

  /** EC2 did the work but the response never reached the client (a retryable 500). */
  public static Ec2Fault lostResponse() {
    return new Ec2Fault(500, "InternalError", "An internal error has occurred", true);
  }

  RuntimeException toException() {
    return new Failure(this);
  }

  /** Carries a fault out of a handler. */
  static final class Failure extends RuntimeException {
    final Ec2Fault fault;

    Failure(Ec2Fault fault) {
      super(fault.code() + ": " + fault.message(), null, false, false);
      this.fault = fault;
    }
  }
}
