package dev.osc.caa.cloud.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK's S3 client from the same settings as EC2's ({@link Ec2Clients}). */
final class S3Clients {
  private S3Clients() {}

  /** A 64 MiB part over a slow link; the socket timeout bounds each read in between. */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(15);

  static S3Client create(AwsSettings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.credentials() != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(settings.credentials()));
    }
    if (settings.endpoint() != null) {
      // One endpoint for every service (AWS_ENDPOINT_URL): buckets go in the path, not the host.
      builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
    }
    return builder.build();
  }
}
