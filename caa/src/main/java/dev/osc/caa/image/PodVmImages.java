package dev.osc.caa.image;

import dev.osc.caa.cloud.CloudException;

/** Makes and removes the pod VM image of one provider: an AMI on AWS, a base volume on libvirt. */
public interface PodVmImages extends AutoCloseable {
  /** Creates the image and returns its id, the value the provider's image id key takes. */
  String create(ImageRequest request) throws CloudException;

  /** Deletes the image; one that is already gone is not an error. */
  void delete(String imageId) throws CloudException;

  @Override
  void close();
}
