package dev.osc.caa.cloud;

import java.util.Map;

/**
 * One pod VM to launch.
 *
 * @param name the instance name, {@code podvm-<pod>-<sandbox id prefix>}, at most 63 characters
 * @param userData the cloud-config document the VM boots with (plain text; providers encode it)
 * @param spec the chosen size and image
 * @param tags identity tags ({@link InstanceTags}) and the user's {@code TAGS}
 */
public record LaunchRequest(
    String name, String userData, InstanceSpec spec, Map<String, String> tags) {
  public LaunchRequest {
    tags = Map.copyOf(tags);
  }

  /** Without the user data: it holds the forwarder's private key. */
  @Override
  public String toString() {
    return "LaunchRequest[name="
        + name
        + ", userData=("
        + userData.length()
        + " characters)"
        + ", spec="
        + spec
        + ", tags="
        + tags
        + "]";
  }
}
