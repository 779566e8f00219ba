package dev.osc.caa.cloud.aws;

import static dev.osc.api.peerpods.PeerPodsKeys.AWS_ACCESS_KEY_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_ENDPOINT_URL;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_MAX_CONCURRENT_CALLS;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_REGION;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_SECRET_ACCESS_KEY;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_SESSION_TOKEN;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_SG_IDS;
import static dev.osc.api.peerpods.PeerPodsKeys.AWS_SUBNET_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.DISABLECVM;
import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_AMI_ID;
import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_INSTANCE_TYPE;
import static dev.osc.api.peerpods.PeerPodsKeys.PODVM_INSTANCE_TYPES;
import static dev.osc.api.peerpods.PeerPodsKeys.ROOT_VOLUME_SIZE;
import static dev.osc.api.peerpods.PeerPodsKeys.SSH_KP_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.USE_PUBLIC_IP;

import dev.osc.api.peerpods.PeerPodsSettings;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The AWS provider's view of the peer-pods configuration (already checked, defaults applied).
 * {@link #toString} shows no credentials.
 *
 * @param amiId the pod VM image; null until the image Job has made it, and then no VM starts
 * @param instanceTypes the allowed instance types; empty means only {@code instanceType}
 * @param rootVolumeSizeGiB raised at start-up to the AMI's own root volume size when smaller
 * @param endpoint an EC2 endpoint instead of the region's, or null
 * @param maxConcurrentCalls EC2 calls in flight at once ({@code AWS_MAX_CONCURRENT_CALLS})
 */
public record AwsSettings(
    String region,
    String amiId,
    String instanceType,
    List<String> instanceTypes,
    String subnetId,
    List<String> securityGroupIds,
    String keyName,
    int rootVolumeSizeGiB,
    boolean disableCvm,
    boolean usePublicIp,
    AwsCredentials credentials,
    URI endpoint,
    int maxConcurrentCalls) {

  public AwsSettings {
    instanceTypes = List.copyOf(instanceTypes);
    securityGroupIds = List.copyOf(securityGroupIds);
  }

  public static AwsSettings from(PeerPodsSettings s) {
    String token = s.get(AWS_SESSION_TOKEN);
    String id = s.get(AWS_ACCESS_KEY_ID);
    String secret = s.get(AWS_SECRET_ACCESS_KEY);
    return new AwsSettings(
        s.get(AWS_REGION),
        s.get(PODVM_AMI_ID),
        s.get(PODVM_INSTANCE_TYPE),
        Objects.requireNonNullElse(s.get(PODVM_INSTANCE_TYPES), List.of()),
        s.get(AWS_SUBNET_ID),
        s.get(AWS_SG_IDS),
        s.get(SSH_KP_NAME),
        s.get(ROOT_VOLUME_SIZE),
        s.get(DISABLECVM),
        s.get(USE_PUBLIC_IP),
        token == null
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, token),
        s.get(AWS_ENDPOINT_URL),
        s.get(AWS_MAX_CONCURRENT_CALLS));
  }

  @Override
  public String toString() {
    return "AwsSettings{region="
        + region
        + ", ami="
        + amiId
        + ", instanceType="
        + instanceType
        + ", instanceTypes="
        + instanceTypes
        + ", subnet="
        + subnetId
        + ", securityGroups="
        + securityGroupIds
        + ", keyName="
        + keyName
        + ", rootVolumeSizeGiB="
        + rootVolumeSizeGiB
        + ", disableCvm="
        + disableCvm
        + ", usePublicIp="
        + usePublicIp
        + ", endpoint="
        + endpoint
        + ", maxConcurrentCalls="
        + maxConcurrentCalls
        + "}";
  }
}
