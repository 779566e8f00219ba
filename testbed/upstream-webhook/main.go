// The upstream peer-pods webhook's pod mutator (cloud-api-adaptor src/webhook, package
// pkg/mutating) served as upstream's main serves it, minus the controller-runtime manager: that
// needs an API server (GetConfigOrDie), and the mutator never uses its client. Same handler, same
// decoder (a client-go scheme), same webhook server (controller-runtime's), same TLS options from
// TLS_MIN_VERSION / TLS_CIPHER_SUITES; the mutator itself reads TARGET_RUNTIMECLASS and
// POD_VM_EXTENDED_RESOURCE on every request, as upstream. For `osc bench webhook`.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/confidential-containers/cloud-api-adaptor/src/webhook/pkg/mutating"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	cliflag "k8s.io/component-base/cli/flag"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

func main() {
	host := flag.String("host", "127.0.0.1", "Address to listen on.")
	port := flag.Int("port", 9443, "HTTPS port (upstream's).")
	certDir := flag.String("cert-dir", "/tmp/k8s-webhook-server/serving-certs",
		"Directory holding tls.crt and tls.key (upstream's default).")
	opts := zap.Options{Development: true} // as upstream
	opts.BindFlags(flag.CommandLine)
	flag.Parse()
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&opts)))

	tlsOpts, err := tlsOptions(os.Getenv("TLS_MIN_VERSION"), os.Getenv("TLS_CIPHER_SUITES"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "upstream-webhook:", err)
		os.Exit(1)
	}
	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))

	server := webhook.NewServer(webhook.Options{
		Host: *host, Port: *port, CertDir: *certDir, CertName: "tls.crt", KeyName: "tls.key",
		TLSOpts: tlsOpts,
	})
	server.Register("/mutate-v1-pod", &webhook.Admission{Handler: &mutating.PodMutator{
		Decoder: admission.NewDecoder(scheme),
	}})
	if err := server.Start(ctrl.SetupSignalHandler()); err != nil {
		fmt.Fprintln(os.Stderr, "upstream-webhook:", err)
		os.Exit(1)
	}
}

// tlsOptions follows upstream's parseTLSOptions (tlsconfig.go, package main, not importable):
// nothing set leaves controller-runtime's defaults; TLS 1.0/1.1 are refused.
func tlsOptions(minVersion, cipherSuites string) ([]func(*tls.Config), error) {
	minVersion = strings.TrimSpace(minVersion)
	var suites []string
	for _, s := range strings.Split(cipherSuites, ",") {
		if s = strings.TrimSpace(s); s != "" {
			suites = append(suites, s)
		}
	}
	if minVersion == "" && len(suites) == 0 {
		return nil, nil
	}
	if minVersion == "VersionTLS10" || minVersion == "VersionTLS11" {
		return nil, fmt.Errorf("invalid minVersion %q: TLS 1.0 and 1.1 are not supported", minVersion)
	}
	version, err := cliflag.TLSVersion(minVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid minVersion %q: %w", minVersion, err)
	}
	if version == tls.VersionTLS13 && len(suites) > 0 {
		return nil, fmt.Errorf("cipherSuites may not be specified when minVersion is VersionTLS13")
	}
	var ids []uint16
	if len(suites) > 0 {
		if ids, err = cliflag.TLSCipherSuites(suites); err != nil {
			return nil, fmt.Errorf("invalid cipherSuites: %w", err)
		}
	}
	return []func(*tls.Config){func(c *tls.Config) {
		c.MinVersion = version
		c.CipherSuites = ids
	}}, nil
}
