// olm-validate checks an OLM bundle directory and a file-based catalog with operator-framework's
// own code, as `operator-sdk bundle validate` and `opm validate` do:
//
//	olm-validate BUNDLE_DIR CATALOG_DIR
//
// The bundle: the registry+v1 format and annotations (operator-registry's bundle validator, as
// `opm alpha bundle validate`), then the CSV, CRD and bundle validators of operator-framework/api
// (DefaultBundleValidators: owned CRDs present, install strategy, permissions, webhooks...). The
// catalog: declcfg loading and model conversion (`opm validate`: packages, channels, bundles).
// Prints one line per finding; exits 1 when any is an error.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
	"github.com/operator-framework/api/pkg/validation/errors"
	"github.com/operator-framework/operator-registry/pkg/lib/bundle"
	"github.com/operator-framework/operator-registry/pkg/lib/config"
	"github.com/sirupsen/logrus"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: olm-validate BUNDLE_DIR CATALOG_DIR")
		os.Exit(2)
	}
	failed := false
	fail := func(format string, a ...any) {
		fmt.Printf("ERROR "+format+"\n", a...)
		failed = true
	}
	bundleDir, catalogDir := os.Args[1], os.Args[2]

	logger := logrus.NewEntry(logrus.New())
	logger.Logger.SetOutput(os.Stderr)
	format := bundle.NewImageValidator(nil, logger)
	if err := format.ValidateBundleFormat(bundleDir); err != nil {
		fail("bundle format: %v", err)
	}
	if err := format.ValidateBundleContent(filepath.Join(bundleDir, "manifests")); err != nil {
		fail("bundle content: %v", err)
	}

	b, err := manifests.GetBundleFromDir(bundleDir)
	if err != nil {
		fail("bundle: %v", err)
	} else {
		for _, result := range validation.DefaultBundleValidators.Validate(b.ObjectsToValidate()...) {
			for _, e := range result.Errors {
				fail("%s %s: %s", result.Name, e.Field, e.Error())
			}
			for _, w := range result.Warnings {
				if w.Level == errors.LevelWarn {
					fmt.Printf("WARNING %s: %s\n", result.Name, w.Error())
				}
			}
		}
	}

	if err := config.Validate(context.Background(), os.DirFS(catalogDir)); err != nil {
		fail("catalog: %v", err)
	}
	if failed {
		os.Exit(1)
	}
	fmt.Println("OK bundle and catalog")
}
