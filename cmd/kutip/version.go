package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version and revision may be set at build time, where the build has no module version or
// version control information of its own (the Docker image is built without .git):
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.revision=$(git rev-parse HEAD)" ./cmd/kutip
//
// The Dockerfile passes its VERSION build argument as main.version.
var (
	version  = "dev"
	revision = ""
)

func init() {
	registerCommand(command{
		name:    "version",
		summary: "print the version, the revision it was built from, and the Go version",
		run:     runVersion,
	})
}

func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("version")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("version takes no arguments")
	}
	_, err = fmt.Fprintln(e.stdout, versionString())
	return err
}

// versionString is "kutip <version> (revision <rev>, <time>[, modified]) <go version> <os/arch>".
func versionString() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(version, revision, info, runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
}

// formatVersion puts the version together: the version set at build time when it was (not
// "dev"), else the module version the build recorded (v1.2.3 for "go install …@v1.2.3", a
// pseudo-version such as v0.0.0-20261202072424-2013501abcde for a build in a git checkout),
// else "dev"; then the VCS revision (set at build time, else recorded by the build, shortened
// to 12 characters), its commit time, and whether the tree had local changes.
func formatVersion(ldVersion, ldRevision string, info *debug.BuildInfo, goVersion, platform string) string {
	ver := ldVersion
	rev, when, modified := ldRevision, "", false
	if info != nil {
		if v := info.Main.Version; (ver == "" || ver == "dev") && v != "" && v != "(devel)" {
			ver = v
		}
		for _, kv := range info.Settings {
			switch kv.Key {
			case "vcs.revision":
				if rev == "" {
					rev = kv.Value
				}
			case "vcs.time":
				when = kv.Value
			case "vcs.modified":
				modified = kv.Value == "true"
			}
		}
	}
	if ver == "" {
		ver = "dev"
	}
	s := "kutip " + ver
	var about []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		about = append(about, "revision "+rev)
	}
	if when != "" {
		about = append(about, when)
	}
	if modified {
		about = append(about, "modified")
	}
	if len(about) > 0 {
		s += " (" + strings.Join(about, ", ") + ")"
	}
	return s + " " + goVersion + " " + platform
}
