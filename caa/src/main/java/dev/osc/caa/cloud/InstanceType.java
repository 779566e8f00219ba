package dev.osc.caa.cloud;

/** An instance type's size, as the cloud describes it. */
public record InstanceType(String name, long vcpus, long memoryMiB, long gpus) {}
