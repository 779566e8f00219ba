package dev.osc.caa.image;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The image Job's ssh key in LIBVIRT_URI: libvirt's ssh transport runs OpenSSH, which looks for its
 * keys in the home of the user's passwd entry, not in $HOME or where the Job mounts {@code
 * ssh-key-secret}. So a {@code qemu+ssh://} URI without a {@code keyfile} parameter gets one naming
 * the mounted key, when it is there. Everything else of the URI (the docs' {@code no_verify=1}
 * included) is kept.
 */
public final class SshKeyfile {
  private static final Pattern SSH = Pattern.compile("^[a-z0-9]+\\+ssh://.*");
  private static final Pattern HAS_KEYFILE = Pattern.compile("[?&]keyfile=");

  private SshKeyfile() {}

  /** The environment with LIBVIRT_URI naming the key in {@code sshDir}, if it holds one. */
  public static Map<String, String> inEnvironment(Map<String, String> env, Path sshDir) {
    String uri = env.get(PeerPodsKeys.LIBVIRT_URI.name());
    Path key = sshDir.resolve(PodVmImageKeys.SSH_KEY);
    if (uri == null || !Files.isRegularFile(key)) {
      return env;
    }
    Map<String, String> copy = new HashMap<>(env);
    copy.put(PeerPodsKeys.LIBVIRT_URI.name(), withKeyfile(uri.trim(), key.toString()));
    return copy;
  }

  /** {@code uri} with {@code keyfile=<key>} when it is an ssh URI without a keyfile. */
  static String withKeyfile(String uri, String key) {
    if (!SSH.matcher(uri).matches() || HAS_KEYFILE.matcher(uri).find()) {
      return uri;
    }
    int hash = uri.indexOf('#');
    String body = hash < 0 ? uri : uri.substring(0, hash);
    String fragment = hash < 0 ? "" : uri.substring(hash);
    return body + (body.contains("?") ? "&" : "?") + "keyfile=" + key + fragment;
  }
}
