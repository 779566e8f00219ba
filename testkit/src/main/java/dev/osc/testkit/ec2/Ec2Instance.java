package dev.osc.testkit.ec2;

import java.util.List;
import java.util.Map;

/**
 * An instance as the endpoint holds it at one moment, for assertions.
 *
 * @param state EC2's state name: pending, running, shutting-down or terminated
 * @param publicIp the public address (only once running, as on EC2), or null
 * @param userData the decoded user data
 * @param volumeTags the tags given for the root volume
 * @param amdSevSnp whether the instance was launched with {@code CpuOptions.AmdSevSnp=enabled}
 */
public record Ec2Instance(
    String id,
    String imageId,
    String instanceType,
    String state,
    String privateIp,
    String publicIp,
    String subnetId,
    List<String> securityGroupIds,
    String keyName,
    String clientToken,
    String userData,
    Map<String, String> tags,
    Map<String, String> volumeTags,
    String rootDeviceName,
    int rootVolumeSizeGiB,
    boolean amdSevSnp) {
  public Ec2Instance {
    securityGroupIds = List.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
    volumeTags = Map.copyOf(volumeTags);
  }

  public boolean live() {
    return state.equals("pending") || state.equals("running");
  }
}
