package dev.osc.caa.cloud;

/**
 * The size and image of a pod VM.
 *
 * @param instanceType the cloud's instance type (AWS), or null where sizes are free-form
 * @param vcpus virtual CPUs wanted, 0 for the provider's default
 * @param memoryMiB memory wanted in MiB, 0 for the provider's default
 * @param gpus GPUs wanted
 * @param image the image to boot (AMI id, libvirt volume name), or null for the configured one
 */
public record InstanceSpec(
    String instanceType, long vcpus, long memoryMiB, long gpus, String image) {}
