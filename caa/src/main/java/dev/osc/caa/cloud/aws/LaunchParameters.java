package dev.osc.caa.cloud.aws;

import dev.osc.caa.cloud.InstanceSpec;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.cloud.LaunchRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AmdSevSnpSpecification;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The RunInstances request for one pod VM, as upstream's provider builds it. */
final class LaunchParameters {
  private LaunchParameters() {}

  static RunInstancesRequest runInstances(
      AwsSettings settings, RootVolume root, LaunchRequest request) {
    InstanceSpec spec = request.spec();
    RunInstancesRequest.Builder run =
        RunInstancesRequest.builder()
            .minCount(1)
            .maxCount(1)
            .imageId(orElse(spec.image(), settings.amiId()))
            .instanceType(orElse(spec.instanceType(), settings.instanceType()))
            .clientToken(clientToken(request))
            .tagSpecifications(
                tagged(ResourceType.INSTANCE, tags(request)),
                tagged(ResourceType.VOLUME, tags(request)));
    if (request.userData() != null) {
      run.userData(
          Base64.getEncoder().encodeToString(request.userData().getBytes(StandardCharsets.UTF_8)));
    }
    if (settings.keyName() != null) {
      run.keyName(settings.keyName());
    }
    if (settings.usePublicIp()) {
      // A public address needs an explicit primary interface; EC2 then refuses an
      // instance-level subnet or security groups, so they move onto the interface.
      InstanceNetworkInterfaceSpecification.Builder nic =
          InstanceNetworkInterfaceSpecification.builder()
              .deviceIndex(0)
              .associatePublicIpAddress(true)
              .deleteOnTermination(true)
              .subnetId(settings.subnetId());
      if (!settings.securityGroupIds().isEmpty()) {
        nic.groups(settings.securityGroupIds());
      }
      run.networkInterfaces(nic.build());
    } else {
      run.subnetId(settings.subnetId());
      if (!settings.securityGroupIds().isEmpty()) {
        run.securityGroupIds(settings.securityGroupIds());
      }
    }
    if (!settings.disableCvm()) {
      run.cpuOptions(c -> c.amdSevSnp(AmdSevSnpSpecification.ENABLED));
    }
    if (root != null) {
      run.blockDeviceMappings(
          BlockDeviceMapping.builder()
              .deviceName(root.deviceName())
              .ebs(
                  EbsBlockDevice.builder()
                      .volumeSize(root.sizeGiB())
                      .deleteOnTermination(true)
                      .build())
              .build());
    }
    return run.build();
  }

  /**
   * EC2's idempotency key for launching the request's name: a retry after a lost response or a
   * crash returns the first launch's instance. Tokens are per account and region, so the cluster is
   * part of it; a hash keeps it within EC2's 64 ASCII characters.
   */
  static String clientToken(LaunchRequest request) {
    String key = request.tags().getOrDefault(InstanceTags.CLUSTER, "") + "/" + request.name();
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The request's (the user's TAGS, then identity tags), then Name. */
  static Map<String, String> tags(LaunchRequest request) {
    Map<String, String> tags = new LinkedHashMap<>(request.tags());
    tags.put(InstanceTags.NAME, request.name());
    return tags;
  }

  private static TagSpecification tagged(ResourceType type, Map<String, String> tags) {
    List<Tag> list =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return TagSpecification.builder().resourceType(type).tags(list).build();
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
