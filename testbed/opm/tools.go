//go:build tools

// The catalog image's programs, pinned in go.mod and built by scripts/image.sh catalog: opm
// (serves the file-based catalog over gRPC, as OLM's CatalogSource expects) and
// grpc_health_probe (the registry pod's probes).
package tools

import (
	_ "github.com/grpc-ecosystem/grpc-health-probe"
	_ "github.com/operator-framework/operator-registry/cmd/opm"
)
