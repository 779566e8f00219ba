# A genpolicy-STYLE agent policy written for the differential corpus (not genpolicy's rules.rego):
# per-container OCI checks against a policy_data document, exec allow-lists, pstate bookkeeping
# through JSON-Patch ops, network request filters, and print() of the reasons for a denial.
package agent_policy

import future.keywords.every
import future.keywords.if
import future.keywords.in

default AllowRequestsFailingPolicy := false

default CreateContainerRequest := false
default CreateSandboxRequest := false
default ExecProcessRequest := false
default CopyFileRequest := false
default UpdateInterfaceRequest := false
default UpdateRoutesRequest := false
default AddARPNeighborsRequest := false
default ReadStreamRequest := false
default WriteStreamRequest := false
default CloseStdinRequest := false
default SetPolicyRequest := false
default GetDiagnosticDataRequest := false
default UpdateEphemeralMountsRequest := false

default DestroySandboxRequest := true
default GetOOMEventRequest := true
default GuestDetailsRequest := true
default OnlineCPUMemRequest := true
default RemoveStaleVirtiofsShareMountsRequest := true
default SignalProcessRequest := true
default StartContainerRequest := true
default StatsContainerRequest := true
default TtyWinResizeRequest := true
default WaitProcessRequest := true

S_NAME_KEY = "io.kubernetes.cri.sandbox-name"
S_NAMESPACE_KEY = "io.kubernetes.cri.sandbox-namespace"
C_NAME_KEY = "io.kubernetes.cri.container-name"
C_TYPE_KEY = "io.kubernetes.cri.container-type"
SETTINGS_KEY = "io.osc.pod-settings"

# ---------------------------------------------------------------- CreateContainerRequest

CreateContainerRequest := {"ops": ops, "allowed": true} if {
	i_oci := input.OCI
	print("CreateContainerRequest: container_id =", input.container_id)

	allow_request_basics

	some idx, p_container in policy_data.containers
	allow_container_name(p_container, i_oci)
	print("CreateContainerRequest: candidate", idx, p_container.name)

	allow_sandbox_identity(i_oci)
	allow_process(p_container.OCI.Process, i_oci.Process)
	allow_root(p_container.OCI.Root, i_oci.Root)
	allow_linux(p_container.OCI.Linux, i_oci.Linux)
	allow_mounts(p_container, i_oci.Mounts)
	allow_storages(p_container, input.storages)
	allow_resources(p_container, i_oci.Linux.Resources)
	allow_pod_settings(i_oci.Annotations)

	ops := array.concat(state_ops(i_oci.Annotations), [{
		"op": "add",
		"path": sprintf("/pstate/containers/%s", [input.container_id]),
		"value": idx,
	}])
	print("CreateContainerRequest: allowed as", p_container.name)
}

allow_request_basics if {
	is_null(input.string_user)
	count(input.devices) == 0
	input.sandbox_pidns == false
	regex.match(`^[a-f0-9]{64}$`, input.container_id)
}

allow_request_basics if {
	not is_null(input.string_user)
	print("allow_request_basics: string_user must be null")
	false
}

allow_container_name(p_container, i_oci) if {
	i_oci.Annotations[C_NAME_KEY] == p_container.name
	i_oci.Annotations[C_TYPE_KEY] == "container"
}

allow_container_name(p_container, i_oci) if {
	p_container.name == "pause"
	not i_oci.Annotations[C_NAME_KEY]
	i_oci.Annotations[C_TYPE_KEY] == "sandbox"
}

# The sandbox name must fit the policy's pattern and agree with what an earlier request recorded.
allow_sandbox_identity(i_oci) if {
	s_name := i_oci.Annotations[S_NAME_KEY]
	s_ns := i_oci.Annotations[S_NAMESPACE_KEY]
	regex.match(policy_data.sandbox.name_regex, s_name)
	s_ns in policy_data.sandbox.namespaces
	state_agrees("sandbox_name", s_name)
	state_agrees("namespace", s_ns)
}

allow_sandbox_identity(i_oci) if {
	not i_oci.Annotations[S_NAME_KEY]
	print("allow_sandbox_identity: no", S_NAME_KEY, "annotation")
	false
}

state_agrees(key, _) if {
	not data.pstate[key]
}

state_agrees(key, value) if {
	data.pstate[key] == value
}

state_agrees(key, value) if {
	got := data.pstate[key]
	got != value
	print(sprintf("state_agrees: %s is %q in state, request says %q", [key, got, value]))
	false
}

state_ops(annotations) := ops if {
	name_ops := [op |
		not data.pstate.sandbox_name
		op := {"op": "add", "path": "/pstate/sandbox_name", "value": annotations[S_NAME_KEY]}
	]
	ns_ops := [op |
		not data.pstate.namespace
		op := {"op": "add", "path": "/pstate/namespace", "value": annotations[S_NAMESPACE_KEY]}
	]
	map_ops := [op |
		not data.pstate.containers
		op := {"op": "add", "path": "/pstate/containers", "value": {}}
	]
	ops := array.concat(array.concat(name_ops, ns_ops), map_ops)
}

# ---- process

allow_process(p_process, i_process) if {
	p_process.Terminal == i_process.Terminal
	allow_user(p_process.User, i_process.User)
	allow_args(p_process.Args, i_process.Args)
	allow_cwd(p_process, i_process)
	allow_env(p_process.Env, i_process.Env)
	allow_caps(p_process.Capabilities, i_process.Capabilities)
	i_process.NoNewPrivileges == p_process.NoNewPrivileges
	allow_oom(i_process.OOMScoreAdj)
}

allow_user(p_user, i_user) if {
	p_user.UID == i_user.UID
	p_user.GID == i_user.GID
	every gid in i_user.AdditionalGids {
		gid in p_user.AdditionalGids
	}
}

allow_user(p_user, i_user) if {
	p_user.UID != i_user.UID
	print("allow_user: UID", i_user.UID, "is not", p_user.UID)
	false
}

allow_args(p_args, i_args) if {
	p_args == i_args
}

# A policy argument may be a regular expression when written as "re:<pattern>".
allow_args(p_args, i_args) if {
	count(p_args) == count(i_args)
	some k, _ in p_args
	startswith(p_args[k], "re:")
	every n, p_arg in p_args {
		arg_matches(p_arg, i_args[n])
	}
}

allow_args(p_args, i_args) if {
	count(p_args) != count(i_args)
	print(sprintf("allow_args: %d args, policy has %d: %v", [count(i_args), count(p_args), i_args]))
	false
}

arg_matches(p_arg, i_arg) if {
	p_arg == i_arg
}

arg_matches(p_arg, i_arg) if {
	startswith(p_arg, "re:")
	regex.match(substring(p_arg, 3, -1), i_arg)
}

policy_cwd(p_process) := p_process.Cwd if {
	p_process.Cwd != ""
} else := "/"

allow_cwd(p_process, i_process) if {
	policy_cwd(p_process) == i_process.Cwd
}

allow_cwd(p_process, i_process) if {
	policy_cwd(p_process) != i_process.Cwd
	print("allow_cwd: cwd", i_process.Cwd, "is not", policy_cwd(p_process))
	false
}

# Every variable in the request is either in the container's list, matches one of the
# request_defaults regular expressions, or is a downward-API variable whose value is a pod IP.
allow_env(p_env, i_env) if {
	bad := {e | some e in i_env; not env_allowed(e, p_env)}
	count(bad) == 0
}

allow_env(p_env, i_env) if {
	bad := {e | some e in i_env; not env_allowed(e, p_env)}
	count(bad) > 0
	print("allow_env: not allowed:", bad)
	false
}

env_allowed(e, p_env) if {
	e in p_env
}

env_allowed(e, _) if {
	some pattern in policy_data.request_defaults.CreateContainerRequest.allow_env_regex
	regex.match(pattern, e)
}

env_allowed(e, _) if {
	parts := split(e, "=")
	count(parts) == 2
	endswith(parts[0], "_IP")
	regex.match(policy_data.common.ipv4_a, parts[1])
}

allow_caps(p_caps, i_caps) if {
	is_null(i_caps)
}

allow_caps(p_caps, i_caps) if {
	not is_null(i_caps)
	every field in ["Bounding", "Effective", "Permitted"] {
		every cap in i_caps[field] {
			cap in p_caps[field]
		}
	}
	count(i_caps.Ambient) == 0
}

allow_oom(score) if {
	score >= -998
	score <= 1000
}

# ---- root, linux

allow_root(p_root, i_root) if {
	i_root.Path == replace(p_root.Path, "$(bundle-id)", input.container_id)
	p_root.Readonly == i_root.Readonly
}

allow_linux(p_linux, i_linux) if {
	p_ns := {ns.Type | some ns in p_linux.Namespaces}
	i_ns := {ns.Type | some ns in i_linux.Namespaces}
	p_ns == i_ns
	every path in p_linux.MaskedPaths {
		path in i_linux.MaskedPaths
	}
	missing_ro := {p | some p in p_linux.ReadonlyPaths} - {p | some p in i_linux.ReadonlyPaths}
	count(missing_ro) == 0
	every key, value in i_linux.Sysctl {
		allowed_sysctl(key, value)
	}
}

allow_linux(p_linux, i_linux) if {
	p_ns := {ns.Type | some ns in p_linux.Namespaces}
	i_ns := {ns.Type | some ns in i_linux.Namespaces}
	p_ns != i_ns
	print("allow_linux: namespaces differ: extra", i_ns - p_ns, "missing", p_ns - i_ns)
	false
}

allowed_sysctl(key, value) if {
	startswith(key, "net.")
	not contains(key, "forwarding")
	to_number(value) >= 0
}

# ---- mounts and storages

allow_mounts(p_container, i_mounts) if {
	every i_mount in i_mounts {
		some p_mount in policy_data.common_mounts
		mount_matches(p_mount, i_mount)
	}
}

allow_mounts(p_container, i_mounts) if {
	unknown := [m.destination | some m in i_mounts; not known_mount(m)]
	count(unknown) > 0
	print("allow_mounts: unexpected destinations", unknown)
	false
}

known_mount(i_mount) if {
	some p_mount in policy_data.common_mounts
	mount_matches(p_mount, i_mount)
}

mount_matches(p_mount, i_mount) if {
	p_mount.destination == i_mount.destination
	p_mount.type_ == i_mount.type_
	source_re := replace(p_mount.source, "$(sfprefix)", policy_data.common.sfprefix)
	regex.match(source_re, i_mount.source)
	{o | some o in p_mount.options} == {o | some o in i_mount.options}
}

allow_storages(p_container, i_storages) if {
	every storage in i_storages {
		storage.driver in policy_data.common.storage_drivers
		startswith(storage.mount_point, policy_data.common.spath)
		not "exec" in storage.options
	}
	count(i_storages) <= p_container.max_storages
}

# ---- resources: arithmetic over the OCI Linux resources

allow_resources(p_container, i_res) if {
	is_null(i_res)
}

allow_resources(p_container, i_res) if {
	not is_null(i_res)
	memory_ok(p_container, i_res)
	cpu_ok(p_container, i_res)
}

memory_ok(p_container, i_res) if {
	is_null(i_res.Memory)
}

memory_ok(p_container, i_res) if {
	limit := i_res.Memory.Limit
	limit <= p_container.max_memory_mib * 1024 * 1024
	limit % 4096 == 0
}

cpu_ok(p_container, i_res) if {
	is_null(i_res.CPU)
}

cpu_ok(p_container, i_res) if {
	i_res.CPU.Period > 0
	cpus := i_res.CPU.Quota / i_res.CPU.Period
	cpus <= p_container.max_cpus
	print("cpu_ok: cpus", cpus, "max", p_container.max_cpus)
}

# ---- pod settings: an optional annotation holding base64 of a JSON document

allow_pod_settings(annotations) if {
	not annotations[SETTINGS_KEY]
}

allow_pod_settings(annotations) if {
	raw := annotations[SETTINGS_KEY]
	settings := json.unmarshal(base64.decode(raw))
	settings.debug == false
	object.get(settings, "log_level", "info") in {"info", "warn", "error"}
}

# ---------------------------------------------------------------- ExecProcessRequest

exec_container := policy_data.containers[data.pstate.containers[input.container_id]]

ExecProcessRequest if {
	i_command := concat(" ", input.process.Args)
	some p_command in exec_container.exec_commands
	p_command == i_command
	print("ExecProcessRequest: allowed command", i_command)
}

ExecProcessRequest if {
	i_command := concat(" ", input.process.Args)
	some pattern in policy_data.request_defaults.ExecProcessRequest.regex
	regex.match(pattern, i_command)
	print("ExecProcessRequest: allowed by pattern", pattern)
}

ExecProcessRequest if {
	not data.pstate.containers[input.container_id]
	print("ExecProcessRequest: unknown container", input.container_id)
	false
}

ExecProcessRequest if {
	i_command := concat(" ", input.process.Args)
	not i_command in exec_container.exec_commands
	print(sprintf("ExecProcessRequest: \"%s\" is not allowed in %s", [i_command, exec_container.name]))
	false
}

# ---------------------------------------------------------------- other requests

RemoveContainerRequest := {"ops": ops, "allowed": true} if {
	data.pstate.containers[input.container_id]
	ops := [{"op": "remove", "path": sprintf("/pstate/containers/%s", [input.container_id])}]
}

RemoveContainerRequest := {"ops": null, "allowed": true} if {
	not data.pstate.containers[input.container_id]
}

CreateSandboxRequest if {
	input.guest_hook_path == ""
	count(input.kernel_modules) == 0
	input.sandbox_pidns == false
	every s in input.storages {
		s.driver in policy_data.common.storage_drivers
	}
	every d in input.dns {
		regex.match(`^nameserver [0-9.]+$`, d)
	}
}

CopyFileRequest if {
	some prefix in policy_data.request_defaults.CopyFileRequest
	regex.match(sprintf("^%s", [replace(prefix, "$(sfprefix)", policy_data.common.sfprefix)]), input.path)
	not contains(input.path, "..")
	copy_file_type_ok
}

copy_file_type_ok if input.file_type == "Regular"

copy_file_type_ok if input.file_type == "Directory"

copy_file_type_ok if {
	input.file_type == "Symlink"
	not startswith(input.symlink_target, "/")
}

UpdateInterfaceRequest if {
	i_if := input.interface
	not i_if.name in policy_data.request_defaults.UpdateInterfaceRequest.forbidden_names
	not lower(i_if.hwAddr) in policy_data.request_defaults.UpdateInterfaceRequest.forbidden_hw_addrs
	allowed_flags := policy_data.request_defaults.UpdateInterfaceRequest.allow_raw_flags
	bits.and(i_if.raw_flags, bits.negate(allowed_flags)) == 0
	every ip in i_if.IPAddresses {
		ip.family in {0, 1}
		to_number(ip.mask) <= 32
	}
}

UpdateRoutesRequest if {
	cfg := policy_data.request_defaults.UpdateRoutesRequest
	every route in input.routes.Routes {
		not route.device in cfg.forbidden_device_names
		every pattern in cfg.forbidden_source_regex {
			not regex.match(pattern, route.source)
		}
	}
}

AddARPNeighborsRequest if {
	cfg := policy_data.request_defaults.AddARPNeighborsRequest
	every n in input.neighbors.ARPNeighbors {
		not n.device in cfg.forbidden_device_names
		n.state in cfg.allowed_states
		every pattern in cfg.forbidden_cidrs_regex {
			not regex.match(pattern, n.toIPAddress.address)
		}
	}
}

ReadStreamRequest if {
	data.pstate.containers[input.container_id]
	policy_data.request_defaults.ReadStreamRequest == true
}

SetPolicyRequest if {
	startswith(input.policy, "package agent_policy")
	not contains(input.policy, "AllowRequestsFailingPolicy := true")
	count(input.policy) < 65536
}

GetDiagnosticDataRequest if {
	input.log_type in {"agent", "console"}
	print("GetDiagnosticDataRequest:", input.log_type, base64url.encode(input.container_id))
}

# ---------------------------------------------------------------- derived documents

container_names contains p.name if {
	some p in policy_data.containers
}

container_by_name[p.name] := p.OCI.Process.Args if {
	some p in policy_data.containers
}

# ---------------------------------------------------------------- policy data

policy_data := {
	"containers": [
		{
			"name": "pause",
			"max_storages": 0,
			"max_memory_mib": 64,
			"max_cpus": 1,
			"exec_commands": [],
			"OCI": {
				"Process": {
					"Terminal": false,
					"User": {"UID": 65535, "GID": 65535, "AdditionalGids": [], "Username": ""},
					"Args": ["/pause"],
					"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
					"Cwd": "",
					"Capabilities": {"Bounding": [], "Effective": [], "Permitted": [], "Inheritable": [], "Ambient": []},
					"NoNewPrivileges": true,
				},
				"Root": {"Path": "/run/kata-containers/shared/containers/$(bundle-id)/rootfs", "Readonly": true},
				"Linux": {
					"Namespaces": [{"Type": "ipc", "Path": ""}, {"Type": "uts", "Path": ""}, {"Type": "mount", "Path": ""}],
					"MaskedPaths": ["/proc/kcore", "/sys/firmware"],
					"ReadonlyPaths": ["/proc/sys"],
				},
			},
		},
		{
			"name": "app",
			"max_storages": 2,
			"max_memory_mib": 512,
			"max_cpus": 2,
			"exec_commands": ["cat /etc/hostname", "sh -c ls /data"],
			"OCI": {
				"Process": {
					"Terminal": false,
					"User": {"UID": 1000, "GID": 1000, "AdditionalGids": [1000, 2000], "Username": ""},
					"Args": ["nginx", "-g", "daemon off;"],
					"Env": [
						"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
						"NGINX_VERSION=1.25.3",
						"HOSTNAME=app",
					],
					"Cwd": "/usr/share/nginx",
					"Capabilities": {
						"Bounding": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_SETGID"],
						"Effective": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"],
						"Permitted": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_SETUID", "CAP_SETGID"],
						"Inheritable": [],
						"Ambient": [],
					},
					"NoNewPrivileges": false,
				},
				"Root": {"Path": "/run/kata-containers/shared/containers/$(bundle-id)/rootfs", "Readonly": false},
				"Linux": {
					"Namespaces": [{"Type": "ipc", "Path": ""}, {"Type": "uts", "Path": ""}, {"Type": "mount", "Path": ""}, {"Type": "pid", "Path": ""}],
					"MaskedPaths": ["/proc/kcore", "/proc/keys", "/sys/firmware"],
					"ReadonlyPaths": ["/proc/sys", "/proc/irq"],
				},
			},
		},
		{
			"name": "sidecar",
			"max_storages": 1,
			"max_memory_mib": 128,
			"max_cpus": 0.5,
			"exec_commands": ["/bin/health"],
			"OCI": {
				"Process": {
					"Terminal": true,
					"User": {"UID": 0, "GID": 0, "AdditionalGids": [], "Username": ""},
					"Args": ["/bin/agent", "re:^--port=[0-9]{2,5}$", "--verbose"],
					"Env": ["PATH=/usr/bin:/bin", "MODE=sidecar"],
					"Cwd": "/",
					"Capabilities": null,
					"NoNewPrivileges": true,
				},
				"Root": {"Path": "/run/kata-containers/shared/containers/$(bundle-id)/rootfs", "Readonly": true},
				"Linux": {
					"Namespaces": [{"Type": "ipc", "Path": ""}, {"Type": "mount", "Path": ""}],
					"MaskedPaths": [],
					"ReadonlyPaths": [],
				},
			},
		},
	],
	"sandbox": {
		"name_regex": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
		"namespaces": ["default", "team-a", "team-b"],
	},
	"common": {
		"sfprefix": "^/run/kata-containers/shared/containers/",
		"spath": "/run/kata-containers/sandbox/storage",
		"ipv4_a": "^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$",
		"storage_drivers": ["local", "ephemeral", "virtio-fs"],
	},
	"common_mounts": [
		{"destination": "/proc", "type_": "proc", "source": "^proc$", "options": ["nosuid", "noexec", "nodev"]},
		{"destination": "/dev", "type_": "tmpfs", "source": "^tmpfs$", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
		{"destination": "/etc/hostname", "type_": "bind", "source": "$(sfprefix)[a-f0-9]{64}-[a-f0-9]{16}-hostname$", "options": ["rbind", "rprivate", "rw"]},
		{"destination": "/etc/resolv.conf", "type_": "bind", "source": "$(sfprefix)[a-f0-9]{64}-[a-f0-9]{16}-resolv.conf$", "options": ["rbind", "rprivate", "ro"]},
		{"destination": "/data", "type_": "local", "source": "^/run/kata-containers/sandbox/storage/[a-z0-9-]+$", "options": ["rbind", "rw"]},
	],
	"request_defaults": {
		"CreateContainerRequest": {"allow_env_regex": ["^HOSTNAME=[a-z0-9-]+$", "^KUBERNETES_[A-Z_]+=[0-9.a-z:/]+$"]},
		"ExecProcessRequest": {"regex": ["^echo [a-z ]+$"]},
		"CopyFileRequest": ["$(sfprefix)"],
		"UpdateInterfaceRequest": {"allow_raw_flags": 128, "forbidden_names": ["lo"], "forbidden_hw_addrs": ["00:00:00:00:00:00"]},
		"UpdateRoutesRequest": {"forbidden_device_names": ["lo"], "forbidden_source_regex": ["^10\\.88\\.", "^169\\.254\\."]},
		"AddARPNeighborsRequest": {"forbidden_device_names": ["lo"], "forbidden_cidrs_regex": ["^127\\.", "^0\\.0\\.0\\.0"], "allowed_states": [2, 128]},
		"ReadStreamRequest": true,
	},
}
