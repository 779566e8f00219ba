package dev.osc.policy.agent;

import java.util.Set;

/**
 * The names a Kata agent policy is queried with: the input type of each AgentService call, and the
 * few names a policy may define for the agent itself.
 */
public final class AgentRequests {
  private AgentRequests() {}

  public static final String EXEC_PROCESS = "ExecProcessRequest";
  public static final String SET_POLICY = "SetPolicyRequest";

  /** The input types of AgentService's calls, each a rule the agent queries. */
  public static final Set<String> ALL =
      Set.of(
          "AddARPNeighborsRequest",
          "AddSwapPathRequest",
          "AddSwapRequest",
          "CloseStdinRequest",
          "CopyFileRequest",
          "CreateContainerRequest",
          "CreateSandboxRequest",
          "DestroySandboxRequest",
          EXEC_PROCESS,
          "GetDiagnosticDataRequest",
          "GetIPTablesRequest",
          "GetMetricsRequest",
          "GetOOMEventRequest",
          "GuestDetailsRequest",
          "ListInterfacesRequest",
          "ListRoutesRequest",
          "MemAgentCompactConfig",
          "MemAgentMemcgConfig",
          "MemHotplugByProbeRequest",
          "OnlineCPUMemRequest",
          "PauseContainerRequest",
          "ReadStreamRequest",
          "RemoveContainerRequest",
          "RemoveStaleVirtiofsShareMountsRequest",
          "ReseedRandomDevRequest",
          "ResizeVolumeRequest",
          "ResumeContainerRequest",
          "SetGuestDateTimeRequest",
          "SetIPTablesRequest",
          SET_POLICY,
          "SignalProcessRequest",
          "StartContainerRequest",
          "StatsContainerRequest",
          "TtyWinResizeRequest",
          "UpdateContainerRequest",
          "UpdateEphemeralMountsRequest",
          "UpdateInterfaceRequest",
          "UpdateRoutesRequest",
          "VolumeStatsRequest",
          "WaitProcessRequest",
          "WriteStreamRequest");

  /** Still in older sample policies; no call queries them any more. */
  public static final Set<String> LEGACY =
      Set.of("PullImageRequest", "StartTracingRequest", "StopTracingRequest");

  /** Read by the agent itself: let denials and errors through (debugging only). */
  public static final String ALLOW_REQUESTS_FAILING_POLICY = "AllowRequestsFailingPolicy";
}
