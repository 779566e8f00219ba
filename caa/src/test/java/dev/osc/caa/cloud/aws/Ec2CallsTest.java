package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.caa.cloud.aws.Ec2Calls.Verdict;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ec2CallsTest {
  static final Ec2Calls.Policy POLICY =
      new Ec2Calls.Policy(
          10, Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofSeconds(20));

  @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "RequestLimitExceeded,          503, THROTTLED",
        "Throttling,                    400, THROTTLED",
        "InsufficientInstanceCapacity,  500, NO_CAPACITY",
        "InsufficientHostCapacity,      500, NO_CAPACITY",
        "InternalError,                 500, TRANSIENT",
        "Unavailable,                   503, TRANSIENT",
        "SomethingNew,                  502, TRANSIENT",
        "null,                          0,   TRANSIENT",
        "null,                          -1,  FINAL",
        "InvalidAMIID.NotFound,         400, FINAL",
        "InvalidInstanceID.NotFound,    400, FINAL",
        "UnauthorizedOperation,         403, FINAL",
        "IdempotentParameterMismatch,   400, FINAL",
        "InvalidParameterValue,         400, FINAL",
      })
  void whatIsRetried(String code, int status, Verdict verdict) {
    assertThat(Ec2Calls.classify(code, status)).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "attempt {0}, draw {1} -> {2} ms")
  @CsvSource({
    "1,  0.0,   0",
    "1,  0.5,   100",
    "1,  0.999, 199",
    "2,  0.5,   200",
    "3,  0.5,   400",
    "7,  0.5,   6400",
    "8,  0.5,   10000",
    "9,  0.999, 19980",
    "40, 0.5,   10000",
    "64, 0.999, 19980",
  })
  void backoffIsFullJitterUnderADoublingCap(int attempt, double draw, long millis) {
    assertThat(Ec2Calls.backoff(POLICY, attempt, draw).toMillis()).isEqualTo(millis);
  }
}
