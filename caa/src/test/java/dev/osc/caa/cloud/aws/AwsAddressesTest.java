package dev.osc.caa.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;

class AwsAddressesTest {
  static InstanceNetworkInterface nic(int index, String ip) {
    return InstanceNetworkInterface.builder()
        .privateIpAddress(ip)
        .attachment(a -> a.deviceIndex(index))
        .build();
  }

  @Test
  void primaryInterfaceFirstAndPublicReplacesIt() {
    Instance i =
        Instance.builder()
            .networkInterfaces(nic(1, "10.0.1.9"), nic(0, "10.0.0.7"))
            .publicIpAddress("198.51.100.3")
            .build();
    assertThat(Ec2Instances.addresses(i, false)).containsExactly("10.0.0.7", "10.0.1.9");
    assertThat(Ec2Instances.addresses(i, true)).containsExactly("198.51.100.3", "10.0.1.9");
  }

  @Test
  void unassignedAddressesAreNotReady() {
    Instance noPublicYet = Instance.builder().privateIpAddress("10.0.0.7").build();
    assertThat(Ec2Instances.addresses(noPublicYet, true))
        .singleElement()
        .matches(Ec2Instances::notReady);
    Instance unspecified = Instance.builder().networkInterfaces(nic(0, "0.0.0.0")).build();
    assertThat(Ec2Instances.addresses(unspecified, false))
        .singleElement()
        .matches(Ec2Instances::notReady);
    assertThat(Ec2Instances.notReady("10.0.0.7")).isFalse();
  }
}
