package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.testkit.MockApi;
import dev.osc.testkit.PeerPodCluster;
import dev.osc.testkit.RequestCounter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a cached pod may stand for a GET, and when a pod counts as alive. */
class PodLookupTest {
  @Test
  void withoutListAndWatchOnPodsEveryReadIsAGet() {
    try (MockApi api = new MockApi()) {
      // An adaptor of a release before the caches, whose ClusterRole only allows get.
      api.refuse("GET", "/api/v1/pods", 403, "Forbidden", "pods is forbidden: cannot list");
      Pod web = PeerPodCluster.kataRemotePod(api.client(), "shop", "web", "worker-0");
      RequestCounter requests = new RequestCounter();
      try (KubernetesClient client = requests.client(api);
          PodLookup lookup = PodLookup.cached(client, "worker-0")) {
        requests.reset();
        assertThat(lookup.pod("shop", "web").getMetadata().getUid())
            .isEqualTo(web.getMetadata().getUid());
        assertThat(lookup.alive("shop", "web", web.getMetadata().getUid())).isTrue();
        assertThat(requests.snapshot()).containsEntry("get pods", 2L);
      }
    }
  }

  @Test
  void trustsACachedObjectOnlyWhileWatchingAndNotWhileItIsDeleted() {
    record Case(Pod cached, boolean watching, boolean trusted) {}
    for (Case c :
        List.of(
            new Case(pod("uid-1", false), true, true),
            new Case(pod("uid-1", false), false, false),
            new Case(pod("uid-1", true), true, false),
            new Case(null, true, false))) {
      assertThat(PodLookup.trusted(c.cached(), c.watching()))
          .as(c.toString())
          .isEqualTo(c.trusted());
    }
  }

  @Test
  void aPodIsAliveOnlyAsTheSameUidAndNotBeingDeleted() {
    record Case(Pod pod, String uid, boolean alive) {}
    for (Case c :
        List.of(
            new Case(pod("uid-1", false), "uid-1", true),
            new Case(pod("uid-2", false), "uid-1", false),
            new Case(pod("uid-1", true), "uid-1", false),
            new Case(pod("uid-1", false), null, false),
            new Case(null, "uid-1", false))) {
      assertThat(PodLookup.alive(c.pod(), c.uid())).as(c.toString()).isEqualTo(c.alive());
    }
  }

  private static Pod pod(String uid, boolean deleting) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withUid(uid)
        .withDeletionTimestamp(deleting ? "2026-12-06T10:00:00Z" : null)
        .endMetadata()
        .build();
  }
}
