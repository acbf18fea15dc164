package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3" (the Dockerfile
// passes its VERSION build argument).
var version = "dev"

func init() {
	registerCommand(command{
		name:    "version",
		summary: "print the version",
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

// versionString is "kutip <version>", the VCS revision when the build recorded one, the Go
// version and the platform.
func versionString() string {
	s := "kutip " + version
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, kv := range info.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					modified = ", modified"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			s += fmt.Sprintf(" (revision %s%s)", rev, modified)
		}
	}
	return fmt.Sprintf("%s %s %s/%s", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
