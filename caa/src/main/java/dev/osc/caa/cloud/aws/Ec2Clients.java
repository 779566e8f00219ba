package dev.osc.caa.cloud.aws;

import static dev.osc.api.peerpods.PeerPodsKeys.AWS_REGION;

import dev.osc.caa.cloud.CloudException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/** Builds the SDK's EC2 client from the settings. */
final class Ec2Clients {
  private Ec2Clients() {}

  /** One attempt; RunInstances is the slowest and answers within seconds. */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  /**
   * A null region, credentials or endpoint in the settings: the SDK's own lookup.
   *
   * @param trust the certificates to trust instead of the JDK's (tests), or null
   */
  static Ec2Client create(AwsSettings settings, TlsTrustManagersProvider trust)
      throws CloudException {
    String region = settings.region();
    AwsCredentials credentials = settings.credentials();
    URI endpoint = settings.endpoint();
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60));
    if (trust != null) {
      http.tlsTrustManagersProvider(trust);
    }
    Ec2ClientBuilder builder =
        Ec2Client.builder()
            // The JDK's HttpURLConnection: no netty or Apache client in the image.
            .httpClientBuilder(http)
            // Ec2Calls retries, within a time budget and with EC2's code in the last error.
            .overrideConfiguration(
                c -> c.apiCallTimeout(CALL_TIMEOUT).retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (credentials != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(credentials));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      // Without AWS_REGION the SDK looks in the environment, profile and instance metadata.
      throw new CloudException(
          AWS_REGION + ": not set and not found by the SDK: " + e.getMessage(), e);
    }
  }
}
