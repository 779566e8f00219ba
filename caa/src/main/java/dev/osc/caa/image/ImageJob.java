package dev.osc.caa.image;

import static dev.osc.api.peerpods.PeerPodsKeys.CLOUD_PROVIDER;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_ID;
import static dev.osc.api.peerpods.PodVmImageKeys.UPDATE_PEERPODS_CM;

import dev.osc.api.peerpods.Key;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.api.peerpods.Provider;
import dev.osc.caa.cloud.CloudException;
import java.time.Clock;
import java.util.Map;

/**
 * What {@code osc podvm-image create|delete} does, as the operator's image Jobs run it: the
 * environment is peer-pods-cm, peer-pods-secret and the provider's image ConfigMap (envFrom); the
 * current image id is read from peer-pods-cm itself, since the environment is a copy made when the
 * pod started.
 */
public final class ImageJob {
  /** Done: created, deleted, or nothing to do. */
  public static final int OK = 0;

  /** The cloud or the Kubernetes API failed. */
  public static final int FAILED = 1;

  /** The environment is incomplete or wrong (the message names the key). */
  public static final int BAD_CONFIG = 2;

  /** Deletion refused: the id given is not the one in peer-pods-cm. */
  public static final int REFUSED = 3;

  /** Opens the provider's image operations; called only when the cloud is needed. */
  @FunctionalInterface
  public interface Opener {
    PodVmImages open(PeerPodsSettings settings, Map<String, String> env) throws CloudException;
  }

  /** The exit code and the one line to print (never a secret value). */
  public record Outcome(int exitCode, String message) {}

  private final Map<String, String> env;
  private final PeerPodsConfigMap configMap;
  private final Opener opener;
  private final Clock clock;

  public ImageJob(
      Map<String, String> env, PeerPodsConfigMap configMap, Opener opener, Clock clock) {
    this.env = Map.copyOf(env);
    this.configMap = configMap;
    this.opener = opener;
    this.clock = clock;
  }

  public Outcome create() {
    try {
      PeerPodsSettings settings = PeerPodsSettings.read(env);
      String key = key(settings.provider());
      String existing = configMap.value(key);
      if (!existing.isEmpty()) {
        return new Outcome(
            OK,
            key
                + " is already set in "
                + PeerPodsKeys.CONFIG_MAP
                + " ("
                + existing
                + "): no image created; set it to \"\" to create one");
      }
      boolean update = updateConfigMap();
      ImageRequest request = ImageRequests.of(settings.provider(), env, clock.instant());
      String id;
      try (PodVmImages images = opener.open(settings, env)) {
        id = images.create(request);
      }
      if (!update) {
        return new Outcome(
            OK,
            "created "
                + id
                + " ("
                + request.name()
                + "); "
                + UPDATE_PEERPODS_CM
                + "=no: set "
                + key
                + " in "
                + PeerPodsKeys.CONFIG_MAP
                + " yourself");
      }
      configMap.write(key, id);
      return new Outcome(
          OK,
          "created "
              + id
              + " ("
              + request.name()
              + "); "
              + PeerPodsKeys.CONFIG_MAP
              + " "
              + key
              + "="
              + id);
    } catch (IllegalArgumentException e) {
      return new Outcome(BAD_CONFIG, e.getMessage());
    } catch (CloudException | RuntimeException e) {
      return failed(e);
    }
  }

  /** Deletes {@code imageId} (or the one the environment names) if peer-pods-cm still uses it. */
  public Outcome delete(String imageId) {
    try {
      PeerPodsSettings settings = PeerPodsSettings.read(env);
      String key = key(settings.provider());
      String inputKey = settings.provider() == Provider.AWS ? AMI_ID : key;
      String id = imageId != null && !imageId.isBlank() ? imageId.trim() : value(inputKey);
      if (id.isEmpty()) {
        return new Outcome(BAD_CONFIG, "no image to delete: pass --image-id or set " + inputKey);
      }
      String current = configMap.value(key);
      if (!id.equals(current)) {
        return new Outcome(
            REFUSED,
            "not deleting "
                + id
                + ": "
                + key
                + " in "
                + PeerPodsKeys.CONFIG_MAP
                + " is "
                + (current.isEmpty() ? "empty" : current));
      }
      try (PodVmImages images = opener.open(settings, env)) {
        images.delete(id);
      }
      configMap.write(key, "");
      return new Outcome(
          OK, "deleted " + id + "; " + PeerPodsKeys.CONFIG_MAP + " " + key + " cleared");
    } catch (IllegalArgumentException e) {
      return new Outcome(BAD_CONFIG, e.getMessage());
    } catch (CloudException | RuntimeException e) {
      return failed(e);
    }
  }

  /** The Kubernetes client's messages say what failed; the cause says why. */
  private static Outcome failed(Exception e) {
    Throwable cause = e.getCause();
    return new Outcome(
        FAILED,
        e.getMessage()
            + (e instanceof CloudException || cause == null || cause.getMessage() == null
                ? ""
                : " (" + cause.getMessage() + ")"));
  }

  private static String key(Provider provider) {
    return provider
        .imageIdKey()
        .map(Key::name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    CLOUD_PROVIDER
                        + ": pod VM images are made for aws and libvirt only, not '"
                        + provider
                        + "'"));
  }

  private boolean updateConfigMap() {
    String v = value(UPDATE_PEERPODS_CM);
    return switch (v.isEmpty() ? "yes" : v) {
      case "yes" -> true;
      case "no" -> false;
      default ->
          throw new IllegalArgumentException(UPDATE_PEERPODS_CM + ": '" + v + "' is not yes or no");
    };
  }

  private String value(String key) {
    String v = env.get(key);
    return v == null ? "" : v.trim();
  }
}
